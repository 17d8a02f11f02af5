package io.harborhaguard.helm.release;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import io.harborhaguard.limits.Deadline;
import java.io.IOException;

/**
 * A parser that counts the tokens read through it and fails past a budget: the parts of a release
 * record built into a tree (chart metadata, chart values, the user's values) together may hold at
 * most that many tokens, so the memory a record can claim is bounded whatever its shape. Every
 * thousand tokens it asks the review's deadline.
 */
final class TreeBudget extends JsonParserDelegate {

  /** The record's trees hold more tokens, or more characters, than the budget. */
  static final class Exceeded extends IOException {
    Exceeded(String what) {
      super(what);
    }
  }

  private final long budget;
  private final long characterBudget;
  private final Deadline deadline;
  private long tokens;
  private long characters;

  /**
   * @param characterBudget characters of the strings and names built, together: a handful of huge
   *     strings are few tokens but much memory
   */
  TreeBudget(JsonParser parser, long budget, long characterBudget, Deadline deadline) {
    super(parser);
    this.budget = budget;
    this.characterBudget = characterBudget;
    this.deadline = deadline;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    if (++tokens > budget) {
      throw new Exceeded("more than " + budget + " values");
    }
    if ((tokens & 1023) == 0) {
      deadline.check();
    }
    return delegate.nextToken();
  }

  @Override
  public JsonToken nextValue() throws IOException {
    JsonToken token = nextToken();
    return token == JsonToken.FIELD_NAME ? nextToken() : token;
  }

  @Override
  public String nextFieldName() throws IOException {
    return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
  }

  /** A string is read as text only to be built into a tree: its length counts. */
  @Override
  public String getText() throws IOException {
    return counted(delegate.getText());
  }

  @Override
  public String currentName() throws IOException {
    return counted(delegate.currentName());
  }

  @Override
  public String getCurrentName() throws IOException {
    return counted(delegate.currentName());
  }

  private String counted(String text) throws Exceeded {
    if (text != null && (characters += text.length()) > characterBudget) {
      throw new Exceeded("more than " + characterBudget + " characters of text");
    }
    return text;
  }

  /** Skipped tokens are never built into a tree; they cost bytes, bounded by the record size. */
  @Override
  public JsonParser skipChildren() throws IOException {
    delegate.skipChildren();
    return this;
  }
}
