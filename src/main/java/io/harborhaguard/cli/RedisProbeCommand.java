package io.harborhaguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.jobs.RedisProbe;
import io.harborhaguard.policy.rules.RedisSharedRule;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harbor-ha-guard job redis-probe}: the release's Redis, as Harbor will use it. */
@Dependent
@Unremovable
@Command(
    name = "redis-probe",
    mixinStandardHelpOptions = true,
    description = {
      "Look at the Redis a Harbor release names: Sentinels answer without a password and name the"
          + " master; the server is a master, not a cluster, has every database index the release"
          + " uses, evicts nothing (maxmemory-policy noeviction) and persists its data. Read-only.",
      "Exit codes: 0 fit for Harbor, 1 problems found (or unreachable), 2 bad input."
    })
public class RedisProbeCommand implements Callable<Integer> {

  @Option(
      names = "--release-file",
      paramLabel = "FILE",
      required = true,
      description = "Release JSON (helm install --dry-run=client -o json) or values file.")
  Path releaseFile;

  @Option(
      names = "--chart-version",
      paramLabel = "VERSION",
      description = "Chart version of a values file (default: inferred).")
  String chartVersion;

  @Option(
      names = "--addr",
      paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "Overrides redis.external.addr (host/port up to chart 1.4.x).")
  String addr;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Redis password (default: redis.external.password of the values).")
  Path passwordFile;

  @Option(names = "--deadline", defaultValue = "PT10S", description = "Bound on the whole probe.")
  Duration deadline;

  @Option(names = "--format", defaultValue = "text", description = "text or json.")
  String format;

  @Override
  public Integer call() {
    RedisProbe.Target target;
    try {
      target = target();
    } catch (BadInput e) {
      System.err.println("harbor-ha-guard job redis-probe: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    }
    RedisProbe.Result result = new RedisProbe(deadline).probe(target);
    System.out.print("json".equals(format) ? json(result) : text(result));
    return (result.ok() ? ExitCode.CLEAN : ExitCode.FINDINGS).code();
  }

  private RedisProbe.Target target() throws BadInput {
    HarborValues values =
        ReleaseValues.fromFile(releaseFile, ReleaseValues.chartVersionOption(chartVersion));
    if (!"external".equals(values.text("redis.type")) && addr == null) {
      throw new BadInput(
          "redis.type is \"" + values.text("redis.type") + "\": nothing external to probe");
    }
    if (values.flag("redis.external.tlsOptions.enable")) {
      throw new BadInput(
          "redis.external.tlsOptions.enable is true: redis-probe does not speak TLS, and sends"
              + " no password in clear text to a TLS port; nothing was sent");
    }
    String endpoints;
    if (addr != null) {
      endpoints = addr;
    } else if (values.chart().hasRedisAddr()) {
      endpoints = values.text("redis.external.addr");
    } else {
      String port = values.text("redis.external.port");
      endpoints = values.text("redis.external.host") + ":" + (port.isBlank() ? "6379" : port);
    }
    List<String> list =
        Arrays.stream(endpoints.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
    if (list.isEmpty()) {
      throw new BadInput("no Redis endpoint in the values (redis.external.addr) or --addr");
    }
    Optional<String> password = Optional.empty();
    if (passwordFile != null) {
      try {
        password = Optional.of(Files.readString(passwordFile).strip());
      } catch (IOException e) {
        throw new BadInput("cannot read " + passwordFile + ": " + e.getMessage());
      }
    } else if (values.isSet("redis.external.password")) {
      password = Optional.of(values.text("redis.external.password"));
    }
    Optional<String> username =
        values.isSet("redis.external.username")
            ? Optional.of(values.text("redis.external.username"))
            : Optional.empty();
    Optional<String> masterSet =
        values.chart().hasRedisAddr() && values.isSet("redis.external.sentinelMasterSet")
            ? Optional.of(values.text("redis.external.sentinelMasterSet"))
            : Optional.empty();
    return new RedisProbe.Target(list, masterSet, RedisSharedRule.used(values), username, password);
  }

  static String text(RedisProbe.Result result) {
    StringBuilder out = new StringBuilder("redis-probe of " + result.server() + "\n");
    result
        .facts()
        .forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
    result.notes().forEach(n -> out.append("note: ").append(n).append('\n'));
    result.problems().forEach(p -> out.append("problem: ").append(p).append('\n'));
    out.append(result.ok() ? "fit for Harbor\n" : result.problems().size() + " problem(s)\n");
    return out.toString();
  }

  static String json(RedisProbe.Result result) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode().put("server", result.server());
    root.put("ok", result.ok());
    ObjectNode facts = root.putObject("facts");
    result.facts().forEach(facts::put);
    result.notes().forEach(root.withArray("notes")::add);
    result.problems().forEach(root.withArray("problems")::add);
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
