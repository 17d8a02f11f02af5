package io.harborhaguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.jobs.Discovery;
import io.harborhaguard.jobs.HelmReleases;
import io.harborhaguard.jobs.SettingsSync;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harbor-ha-guard job settings-sync}: wires Stolon, redis-ha and CoreDNS for Harbor. */
@Dependent
@Unremovable
@Command(
    name = "settings-sync",
    mixinStandardHelpOptions = true,
    description = {
      "Discover Stolon, redis-ha and CoreDNS; write into Harbor's namespace the Secrets for"
          + " database/redis existingSecret, an HAProxy configuration for the Redis master and a"
          + " values overlay (also printed); report drift of the deployed release.",
      "Exit codes: 0 in sync, 1 drift found, 2 bad input or the API cannot be reached."
    })
public class SettingsSyncCommand implements Callable<Integer> {

  @Option(
      names = "--namespace",
      required = true,
      paramLabel = "NS",
      description = "Harbor's namespace (where to write).")
  String namespace;

  @Option(
      names = "--release",
      paramLabel = "NAME",
      description = "The Harbor release to check for drift.")
  String release;

  @Option(
      names = "--stolon-namespace",
      required = true,
      paramLabel = "NS",
      description = "The namespace of Stolon's proxy Service (the only place it is looked for).")
  String stolonNamespace;

  @Option(
      names = "--redis-namespace",
      required = true,
      paramLabel = "NS",
      description = "The namespace of the redis-ha StatefulSet (the only place it is looked for).")
  String redisNamespace;

  @Option(
      names = "--harbor-db-user",
      defaultValue = "harbor",
      paramLabel = "ROLE",
      description =
          "Harbor's own database role for the overlay (db-init --create-role creates it);"
              + " never Stolon's superuser.")
  String harborDbUser;

  @Option(
      names = "--sslmode",
      defaultValue = "require",
      paramLabel = "MODE",
      description = "The overlay's database.external.sslmode: require, verify-ca or verify-full.")
  String sslmode;

  @Option(names = "--format", defaultValue = "text", description = "text or json.")
  String format;

  @Inject KubernetesClient client;
  @Inject ReleaseDecoder decoder;

  @Override
  public Integer call() {
    SettingsSync.Result result;
    try {
      Optional<HarborValues> deployed = Optional.empty();
      if (release != null) {
        deployed =
            Optional.of(
                HarborValues.of(
                    HelmReleases.latest(client, decoder, namespace, release)
                        .orElseThrow(
                            () -> new BadInput("no Helm release " + namespace + "/" + release))));
      }
      result =
          new SettingsSync(client)
              .run(
                  new SettingsSync.Request(
                      namespace, deployed, stolonNamespace, redisNamespace, harborDbUser, sslmode));
    } catch (BadInput e) {
      System.err.println("harbor-ha-guard job settings-sync: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    } catch (Discovery.Ambiguous | IllegalArgumentException e) {
      System.err.println("harbor-ha-guard job settings-sync: refused: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    } catch (ReleaseDecodeException e) {
      System.err.println(
          "harbor-ha-guard job settings-sync: release could not be read: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    } catch (RuntimeException e) {
      System.err.println("harbor-ha-guard job settings-sync: Kubernetes API: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    }
    System.out.print("json".equals(format) ? json(result) : text(result));
    return result.drift().isEmpty() ? 0 : 1;
  }

  static String text(SettingsSync.Result r) {
    StringBuilder out = new StringBuilder("settings-sync run " + r.run() + "\n");
    r.stolon()
        .ifPresent(
            s -> out.append("stolon: ").append(s.fqdn()).append(':').append(s.port()).append('\n'));
    r.redis()
        .ifPresent(
            s ->
                out.append("redis-ha: ")
                    .append(s.namespace())
                    .append('/')
                    .append(s.fullname())
                    .append(" (")
                    .append(s.replicas())
                    .append(" servers)\n"));
    r.coreDns().ifPresent(ip -> out.append("coredns: ").append(ip).append('\n'));
    r.written().forEach(w -> out.append("wrote: ").append(w).append('\n'));
    r.notes().forEach(n -> out.append("note: ").append(n).append('\n'));
    r.drift().forEach(d -> out.append("drift: ").append(d).append('\n'));
    out.append("--- values overlay (helm upgrade -f) ---\n").append(r.valuesOverlay());
    return out.toString();
  }

  static String json(SettingsSync.Result r) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode().put("run", r.run());
    r.stolon().ifPresent(s -> root.putObject("stolon").put("host", s.fqdn()).put("port", s.port()));
    r.redis()
        .ifPresent(
            s ->
                root.putObject("redisHa")
                    .put("namespace", s.namespace())
                    .put("fullname", s.fullname())
                    .put("replicas", s.replicas()));
    r.coreDns().ifPresent(ip -> root.put("coreDns", ip));
    r.written().forEach(root.withArray("written")::add);
    r.notes().forEach(root.withArray("notes")::add);
    var drift = root.putArray("drift");
    r.drift().forEach(drift::add);
    root.put("valuesOverlay", r.valuesOverlay());
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
