package io.harborhaguard.policy.rules.values;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Whether a registry htpasswd line ({@code user:$2y$...}, as {@code htpasswd -nbB} writes it)
 * admits a user and password. The registry's htpasswd auth accepts bcrypt only; the comparison is
 * Spring Security's {@code BCrypt.checkpw}, which reads the {@code 2a}, {@code 2b} and {@code 2y}
 * forms.
 */
public final class Htpasswd {

  /** What the line says of the user and password, in words a finding can carry. */
  public enum Verdict {
    VERIFIES("verifies the password"),
    WRONG_PASSWORD("does not verify the password of REGISTRY_PASSWD"),
    OTHER_USER("is for another user than registry.credentials.username"),
    NOT_BCRYPT("is not a user:bcrypt line (the registry accepts bcrypt only)"),
    SEVERAL_LINES("holds no line for registry.credentials.username among several"),
    TOO_COSTLY("has a bcrypt cost above " + MAX_COST + ", too expensive to verify within a review"),
    LONG_PASSWORD("cannot verify REGISTRY_PASSWD, which is longer than bcrypt's 72 bytes");

    private final String words;

    Verdict(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** Longest htpasswd content looked at; a registry's file is one line of about 70 characters. */
  static final int MAX_BYTES = 64 * 1024;

  /**
   * Highest bcrypt cost verified: the chart's own, 10 (tens of milliseconds; each step doubles the
   * work, 31 would take days). A review runs on a shared thread and a tenant can repeat it, so a
   * costlier line is not verified, only said.
   */
  static final int MAX_COST = 10;

  private Htpasswd() {}

  public static Verdict verify(byte[] htpasswd, String user, byte[] password) {
    if (htpasswd.length > MAX_BYTES) {
      return Verdict.NOT_BCRYPT;
    }
    String text = new String(htpasswd, StandardCharsets.UTF_8);
    String[] lines = text.strip().split("\r?\n");
    String mine = null;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equals(user)) {
        mine = line.substring(colon + 1).strip();
      }
    }
    if (mine == null) {
      return lines.length > 1 ? Verdict.SEVERAL_LINES : Verdict.OTHER_USER;
    }
    if (!mine.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
      return Verdict.NOT_BCRYPT;
    }
    if (Integer.parseInt(mine.substring(4, 6)) > MAX_COST) {
      return Verdict.TOO_COSTLY;
    }
    if (password.length > 72) {
      return Verdict.LONG_PASSWORD;
    }
    try {
      return BCrypt.checkpw(new String(password, StandardCharsets.UTF_8), mine)
          ? Verdict.VERIFIES
          : Verdict.WRONG_PASSWORD;
    } catch (IllegalArgumentException e) {
      return Verdict.NOT_BCRYPT;
    }
  }
}
