package io.harborhaguard.report;

import io.harborhaguard.policy.Finding;
import java.util.List;

/**
 * One input an offline command judged (a values file, a release, rendered manifests, an installer
 * node, a replication site): its findings, each about a subject (the input itself unless the
 * finding names another: a site, a policy, a project), the notes on what was not judged, or the
 * error that kept it from being judged.
 *
 * @param name what the input is called in the report: a file path, a node, a site
 * @param file where it was read (a file, a folder or a URL without credentials)
 * @param release the Helm release it holds, or ""
 * @param chartVersion the chart version it was judged at, or ""
 */
public record Input(
    String name,
    String file,
    String release,
    String chartVersion,
    List<Located> findings,
    List<String> notes,
    String error) {

  /** A finding and the subject it is about. */
  public record Located(String subject, Finding finding) {}

  public static Input judged(
      String name, String file, String release, String chartVersion, List<Located> findings) {
    return new Input(name, file, release, chartVersion, findings, List.of(), null);
  }

  public static Input unreadable(String name, String error) {
    return new Input(name, name, "", "", List.of(), List.of(), error);
  }

  /** The findings, each about this input. */
  public static List<Located> about(String subject, List<Finding> findings) {
    return findings.stream().map(f -> new Located(subject, f)).toList();
  }

  public Input withNotes(List<String> more) {
    return new Input(name, file, release, chartVersion, findings, more, error);
  }

  public boolean failed() {
    return error != null;
  }

  public boolean refuses() {
    return findings.stream().anyMatch(l -> l.finding().refuses());
  }
}
