package io.harborhaguard.lint;

/** An input that cannot be judged; the message names the problem (the caller adds the file). */
public class BadInput extends Exception {
  public BadInput(String message) {
    super(message);
  }
}
