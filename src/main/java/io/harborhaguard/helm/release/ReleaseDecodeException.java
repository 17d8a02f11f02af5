package io.harborhaguard.helm.release;

/** A Helm release record that cannot be read; the message says which layer failed and why. */
public class ReleaseDecodeException extends Exception {
  public ReleaseDecodeException(String message) {
    super(message);
  }

  public ReleaseDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
