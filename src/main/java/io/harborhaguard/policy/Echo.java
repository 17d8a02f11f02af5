package io.harborhaguard.policy;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place a value from an input (chart values, an installer file, a Harbor API body, a
 * release record) becomes part of a finding's text. Every rule that quotes such a value passes it
 * through {@link #value} or {@link #quoted}:
 *
 * <ul>
 *   <li>userinfo is cut from addresses: {@code redis://:pw@host:6379} and {@code
 *       postgres://user:pw@host} read {@code redis://host:6379} and {@code postgres://host}; {@code
 *       user:pw@host:port} and Redis' {@code :pw@host:port} without a scheme read {@code
 *       host:port};
 *   <li>the value of every password-like parameter (a placeholder such as {@code <it>} stays)
 *       ({@code password=}, {@code passwd=}, {@code pwd=}, {@code secret=}, {@code token=}, {@code
 *       sslpassword=}, {@code accesskey=} …) reads {@value #HIDDEN};
 *   <li>control characters read {@code ?}, so a value cannot start a line of its own;
 *   <li>what remains is cut to {@value #MAX} characters, with a note of its full length.
 * </ul>
 *
 * <p>Userinfo is found by hand, not with {@link java.net.URI}: values are typed by people, not
 * encoded, and {@code URI} reads {@code redis://:ab/cd@host} as the authority {@code :ab} and the
 * path {@code /cd@host}, which would keep the password. Here everything between {@code ://} (or the
 * start of an address) and the last {@code @} of the address goes, so a password holding {@code /},
 * {@code #}, {@code ?} or {@code @} goes with it; an {@code @} in a path costs the host, never a
 * secret.
 */
public final class Echo {

  /** Longest echoed value, in characters, before the note of its length. */
  public static final int MAX = 120;

  static final String HIDDEN = "<hidden>";

  /** One address of a value: it ends at spaces and list separators only. */
  private static final Pattern ADDRESS_IN_VALUE = Pattern.compile("[^\\s,]+");

  /** One address in a message: quotes and semicolons end it too. */
  private static final Pattern ADDRESS_IN_TEXT = Pattern.compile("[^\\s,;\"']+");

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

  /** Parameter names holding one of these (any case) hide their value. */
  private static final List<String> SECRET_NAMES =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "pwd",
          "secret",
          "token",
          "apikey",
          "api_key",
          "accesskey",
          "access_key",
          "credential",
          "auth");

  /** Longest parameter name looked at before an {@code =}. */
  private static final int NAME_LIMIT = 64;

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private Echo() {}

  /** {@code raw} as a finding may show it: without credentials, one line, bounded. */
  public static String value(String raw) {
    if (raw == null) {
      return "";
    }
    String shown = redact(raw, ADDRESS_IN_VALUE, ",; \t&");
    if (shown.length() <= MAX) {
      return shown;
    }
    return shown.substring(0, MAX) + "... (" + shown.length() + " characters)";
  }

  /** {@link #value} in double quotes, the form messages quote a value in. */
  public static String quoted(String raw) {
    return "\"" + value(raw) + "\"";
  }

  /**
   * {@code text} without userinfo and password-like parameters, control characters made visible;
   * unbounded. {@link Violation} applies it to every message and remediation as a second line of
   * defence, so a value a check forgot to pass through {@link #value} still loses its credentials.
   */
  public static String redact(String text) {
    return redact(text, ADDRESS_IN_TEXT, ",; \t&\"'");
  }

  private static String redact(String text, Pattern address, String valueEnds) {
    if (text == null || text.isEmpty()) {
      return text == null ? "" : text;
    }
    String withoutUserinfo = replaceAll(address, text, Echo::withoutUserinfo);
    String withoutParameters = withoutSecretParameters(withoutUserinfo, valueEnds);
    return CONTROL.matcher(withoutParameters).replaceAll("?");
  }

  /** One address (no spaces or commas): everything before its last {@code @} is userinfo. */
  private static String withoutUserinfo(String address) {
    int at = address.lastIndexOf('@');
    if (at < 0) {
      return address;
    }
    Matcher scheme = SCHEME.matcher(address);
    if (scheme.find()) {
      return address.substring(0, scheme.end()) + address.substring(at + 1);
    }
    return address.substring(at + 1);
  }

  /**
   * Every {@code name=value} whose name holds a password-like word gets {@link #HIDDEN} for its
   * value; a placeholder value ({@code <it>}) stays. One pass over the text (a regular expression
   * with a free name before the word took quadratic time on a long value).
   */
  private static String withoutSecretParameters(String text, String valueEnds) {
    StringBuilder out = null;
    int copied = 0;
    for (int equals = text.indexOf('='); equals >= 0; equals = text.indexOf('=', equals + 1)) {
      if (equals < copied) {
        continue;
      }
      int nameStart = equals;
      while (nameStart > 0
          && equals - nameStart < NAME_LIMIT
          && isNameChar(text.charAt(nameStart - 1))) {
        nameStart--;
      }
      String name = text.substring(nameStart, equals).toLowerCase(Locale.ROOT);
      if (name.isEmpty() || SECRET_NAMES.stream().noneMatch(name::contains)) {
        continue;
      }
      int valueEnd = equals + 1;
      while (valueEnd < text.length()
          && valueEnds.indexOf(text.charAt(valueEnd)) < 0
          && !Character.isWhitespace(text.charAt(valueEnd))) {
        valueEnd++;
      }
      if (valueEnd == equals + 1 || text.charAt(equals + 1) == '<') {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, equals + 1).append(HIDDEN);
      copied = valueEnd;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
  }

  private static String replaceAll(Pattern pattern, String text, UnaryOperator<String> change) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, quote(change.apply(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String quote(String replacement) {
    return Matcher.quoteReplacement(replacement);
  }
}
