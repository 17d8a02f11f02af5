package io.harborhaguard.policy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A rule's findings accepted for one release until a moment, for a stated reason. An exempted
 * finding does not refuse; it is reported with the reason (a PolicyReport {@code skip}, a SARIF
 * suppression, a warning of the webhook) until {@code expires}, and refuses again from then on.
 *
 * @param release {@code <namespace>/<release>} as {@link Report#release()} names it, or {@code
 *     <namespace>/*} for every release of a namespace (an HA group's namespaces, a namespace's own
 *     annotation)
 * @param ruleId the rule whose findings are accepted
 * @param reason why, as its owner wrote it; never empty
 * @param expires the first moment it no longer holds
 * @param expiresAsWritten the expiry as written (a date or a date-time), for messages
 * @param source where it was declared: the configuration key or the namespace annotation
 */
public record Exemption(
    String release,
    String ruleId,
    String reason,
    Instant expires,
    String expiresAsWritten,
    String source) {

  /** Longest reason kept; a longer one is cut, so a report line stays readable. */
  public static final int MAX_REASON = 500;

  public static final String ANY_RELEASE = "*";

  public Exemption {
    reason = Echo.redact(reason.strip());
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON) + "…";
    }
  }

  /** Whether it holds at {@code now}: before its expiry. */
  public boolean holdsAt(Instant now) {
    return now.isBefore(expires);
  }

  /** Whether it covers the release named {@code release} ({@code <namespace>/<name>}). */
  public boolean covers(String release) {
    if (this.release.equals(release)) {
      return true;
    }
    int slash = release.lastIndexOf('/');
    return this.release.endsWith("/" + ANY_RELEASE)
        && slash > 0
        && this.release.regionMatches(0, release, 0, slash + 1)
        && this.release.length() == slash + 2;
  }

  /**
   * The first moment an exemption written {@code text} no longer holds: a date ({@code 2026-12-31})
   * holds through that day in UTC; a date-time needs its offset ({@code 2026-12-31T18:00:00Z},
   * {@code 2026-12-31T18:00:00+01:00}).
   *
   * @throws IllegalArgumentException naming what was expected, when {@code text} is neither
   */
  public static Instant parseExpiry(String text) {
    String t = text == null ? "" : text.strip();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE)
            .plusDays(1)
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "expiry "
              + (t.isEmpty() ? "missing" : "'" + Echo.value(t) + "' cannot be read")
              + " (expected an ISO date such as 2026-12-31, or a date-time with its offset such as"
              + " 2026-12-31T18:00:00Z)");
    }
  }
}
