package io.harborhaguard.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one report of a command run once (lint, nodes, pairs, post-render and the jobs): the inputs
 * it judged in order, the modes in force, and notes on the run as a whole. Every output format
 * writes this model ({@link ReportFormat}); the exit code comes from it too.
 *
 * @param command the command that made it: lint, nodes, pairs, post-render or a job
 * @param kind what one input is: file, node, site, release, server, cluster or service (the summary
 *     counts them)
 * @param across findings about several inputs together (releases sharing a database or Redis)
 * @param notes notes on the whole run, e.g. which modes were changed from the packaged defaults
 * @param result a job's own result (what it found and did), written as JSON's {@code result}
 */
public record RunReport(
    String command,
    String kind,
    List<Input> inputs,
    List<Input.Located> across,
    List<ModeInForce> modes,
    List<String> notes,
    Optional<JsonNode> result) {

  /** Findings counted by the mode they were judged in; advisory and exempted findings apart. */
  public record Summary(
      int judged, long enforce, long mutate, long warn, long advisory, long exempt, long errors) {}

  public static RunReport of(String command, String kind, List<Input> inputs) {
    return new RunReport(command, kind, inputs, List.of(), List.of(), List.of(), Optional.empty());
  }

  /** With a job's own result. */
  public RunReport withResult(JsonNode jobResult) {
    return new RunReport(command, kind, inputs, across, modes, notes, Optional.of(jobResult));
  }

  /** With notes on the whole run. */
  public RunReport withNotes(List<String> more) {
    List<String> all = new ArrayList<>(notes);
    all.addAll(more);
    return new RunReport(command, kind, inputs, across, modes, List.copyOf(all), result);
  }

  public RunReport withModes(List<ModeInForce> inForce, Optional<String> note) {
    List<String> all = new ArrayList<>(notes);
    note.ifPresent(all::add);
    return new RunReport(command, kind, inputs, across, inForce, List.copyOf(all), result);
  }

  /** With findings about several inputs together, and a note on them. */
  public RunReport withAcross(List<Input.Located> findings, List<String> more) {
    List<String> all = new ArrayList<>(notes);
    all.addAll(more);
    return new RunReport(command, kind, inputs, findings, modes, List.copyOf(all), result);
  }

  private Stream<Input.Located> allFindings() {
    return Stream.concat(inputs.stream().flatMap(i -> i.findings().stream()), across.stream());
  }

  public Summary summary() {
    Map<String, Long> byMode =
        allFindings()
            .collect(
                Collectors.groupingBy(
                    l -> FindingFormat.modeLabel(l.finding()), Collectors.counting()));
    return new Summary(
        inputs.size(),
        byMode.getOrDefault(Mode.ENFORCE.label(), 0L),
        byMode.getOrDefault(Mode.MUTATE.label(), 0L),
        byMode.getOrDefault(Mode.WARN.label(), 0L),
        byMode.getOrDefault(FindingFormat.ADVISORY, 0L),
        byMode.getOrDefault(FindingFormat.EXEMPT, 0L),
        inputs.stream().filter(Input::failed).count());
  }

  public boolean refuses() {
    return allFindings().anyMatch(l -> l.finding().refuses());
  }

  public boolean unreadable() {
    return inputs.stream().anyMatch(Input::failed);
  }
}
