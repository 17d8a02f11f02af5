package io.harborhaguard.helm.chart;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chart version such as {@code 1.19.1}, {@code v1.3.19} or {@code 1.3.19-rc2}. Pre-release
 * suffixes are kept for display but ignored when comparing: an rc of 1.3.19 has the 1.3.19 layout.
 */
public record ChartVersion(int major, int minor, int patch, String text)
    implements Comparable<ChartVersion> {

  private static final Pattern SEMVER = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");
  private static final Comparator<ChartVersion> ORDER =
      Comparator.comparingInt(ChartVersion::major)
          .thenComparingInt(ChartVersion::minor)
          .thenComparingInt(ChartVersion::patch);

  /**
   * A version that is not one comes from a release record or a values file anyone may write: it is
   * named only when short and printable, otherwise by its length.
   */
  public static String shown(String text) {
    if (text != null && text.length() <= 40 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "'" + text + "'";
    }
    return "a text of " + (text == null ? 0 : text.length()) + " characters";
  }

  public static ChartVersion parse(String text) {
    Matcher m = SEMVER.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a chart version: " + shown(text));
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return new ChartVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, text.trim());
  }

  public static ChartVersion of(int major, int minor, int patch) {
    return new ChartVersion(major, minor, patch, major + "." + minor + "." + patch);
  }

  public boolean atLeast(int major, int minor, int patch) {
    return compareTo(of(major, minor, patch)) >= 0;
  }

  public boolean below(int major, int minor, int patch) {
    return !atLeast(major, minor, patch);
  }

  /** Same major and minor line, e.g. 1.3.x. */
  public boolean onLine(int major, int minor) {
    return this.major == major && this.minor == minor;
  }

  @Override
  public int compareTo(ChartVersion other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return text;
  }
}
