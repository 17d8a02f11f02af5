package io.harborhaguard.helm;

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

  /** The record's trees hold more tokens than the budget. */
  static final class Exceeded extends IOException {
    Exceeded(long budget) {
      super("more than " + budget + " values");
    }
  }

  private final long budget;
  private final Deadline deadline;
  private long tokens;

  TreeBudget(JsonParser parser, long budget, Deadline deadline) {
    super(parser);
    this.budget = budget;
    this.deadline = deadline;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    if (++tokens > budget) {
      throw new Exceeded(budget);
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

  /** Skipped tokens are never built into a tree; they cost bytes, bounded by the record size. */
  @Override
  public JsonParser skipChildren() throws IOException {
    delegate.skipChildren();
    return this;
  }
}
