package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets Harbor's components share: {@code core.secret} (core and its callers), {@code
 * jobservice.secret}, {@code registry.secret} (the registry's {@code REGISTRY_HTTP_SECRET}, which
 * signs the upload state a client carries from one request to the next), and, across an HA group,
 * {@code secretKey}, the registry credentials and the Harbor version. Charts before 1.14.0 render
 * an unset internal secret anew at every render, so the pods of two renders (during every rolling
 * upgrade) disagree; members of one group that each generate their own always disagree.
 */
public class SecretsPinnedRule implements ValuesRule {

  /** The internal secrets, each with the component that loses its peers when it changes. */
  static final Map<String, String> INTERNAL =
      Map.of(
          "core.secret",
          "jobservice and registry calls to core are refused (harbor-helm 947)",
          "jobservice.secret",
          "core's calls to jobservice and job status hooks are refused",
          "registry.secret",
          "a blob upload begun on one registry pod and continued on another is refused with"
              + " \"blob upload invalid\" (harbor 17504)");

  private static final String SECRET = "secret:";

  private static final List<String> ORDER =
      List.of("core.secret", "jobservice.secret", "registry.secret");

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-SECRETS-PINNED",
          "core.secret, jobservice.secret and registry.secret are pinned, and an HA group shares"
              + " them with secretKey, the registry credentials and the Harbor version",
          "The registry signs the state of a blob upload with registry.secret"
              + " (REGISTRY_HTTP_SECRET): a client's next request may reach another registry pod,"
              + " which refuses state it cannot verify (\"blob upload invalid\"); core and"
              + " jobservice authenticate each other's calls with core.secret and"
              + " jobservice.secret, and the members of an HA group run each other's jobs from the"
              + " shared Redis. A secret generated per render differs between the pods of two renders"
              + " and between every two members of a group.",
          "1.0.x generates all three at every render with no value to pin them; 1.1.0-1.13.x take"
              + " core.secret, jobservice.secret, registry.secret or generate them at every render;"
              + " from 1.14.0 a lookup keeps the generated ones in a render that reaches the cluster"
              + " (not helm template, Argo CD), and existingSecret variants exist; the htpasswd line"
              + " of registry.credentials gets a new bcrypt salt at every render from 1.8.0 (stable"
              + " with htpasswdString from 1.9.0 or existingSecret from 1.10.0); across releases in"
              + " lint of several files (one externalURL = one HA group)",
          Scope.VALUES,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    HarborChart chart = values.chart();
    if (!chart.generatesInternalSecretsPerRender()) {
      return List.of();
    }
    if (!chart.hasInternalSecretValues()) {
      return List.of(
          violation(
              "",
              "chart "
                  + chart.version()
                  + " generates core, jobservice and registry secrets at every render and has no"
                  + " value to pin them: pods of two renders disagree during every upgrade",
              "upgrade to chart 1.1.0 or later and set core.secret, jobservice.secret and"
                  + " registry.secret."));
    }
    List<Violation> violations = new ArrayList<>();
    for (String key : ORDER) {
      if (!values.isSet(key)) {
        violations.add(
            violation(
                key,
                key
                    + " is empty: chart "
                    + chart.version()
                    + " generates a new one at every install and upgrade, so pods of the old and"
                    + " the new render disagree during every rollout: "
                    + INTERNAL.get(key),
                "--set "
                    + key
                    + "=<16 random characters, the same in every member of the HA group>."));
      }
    }
    return violations;
  }

  /**
   * Members of one HA group (releases with the same externalURL) among {@code releases}: each
   * shared secret must be set and equal in all of them, and so must the chart version. Values are
   * compared by SHA-256; no value appears in a message.
   */
  public List<Violation> acrossReleases(List<HarborValues> releases, PolicySettings settings) {
    Map<String, List<HarborValues>> groups = new LinkedHashMap<>();
    for (HarborValues values : releases) {
      String url = values.text("externalURL").trim().toLowerCase(Locale.ROOT);
      if (!url.isEmpty() && !url.equals(values.chart().defaultExternalUrl())) {
        groups.computeIfAbsent(url, u -> new ArrayList<>()).add(values);
      }
    }
    List<Violation> violations = new ArrayList<>();
    groups.forEach(
        (url, members) -> {
          if (members.size() < 2) {
            return;
          }
          for (String key : sharedKeys(members)) {
            compare(url, members, key).ifPresent(violations::add);
          }
          version(url, members).ifPresent(violations::add);
        });
    return violations;
  }

  /** The keys every member's chart reads (a 1.0.x member has none of the internal secrets). */
  private static List<String> sharedKeys(List<HarborValues> members) {
    List<String> keys = new ArrayList<>();
    if (members.stream().allMatch(m -> m.chart().hasInternalSecretValues())) {
      keys.addAll(ORDER);
    }
    keys.add("secretKey");
    if (members.stream().allMatch(m -> m.chart().hasRegistryCredentials())) {
      keys.add("registry.credentials.password");
    }
    return keys;
  }

  private Optional<Violation> compare(String url, List<HarborValues> members, String key) {
    List<String> unset = new ArrayList<>();
    Map<String, List<String>> byFingerprint = new LinkedHashMap<>();
    for (HarborValues member : members) {
      Optional<String> material = material(member, key);
      if (material.isEmpty()) {
        unset.add(member.release());
      } else {
        byFingerprint
            .computeIfAbsent(sha256(material.get()), f -> new ArrayList<>())
            .add(member.release());
      }
    }
    String subject = String.join(", ", members.stream().map(HarborValues::release).toList());
    if (!unset.isEmpty()) {
      return Optional.of(
          violation(
              subject,
              key,
              key
                  + " is not set in "
                  + Echo.value(String.join(", ", unset))
                  + " of the HA group serving "
                  + Echo.value(url)
                  + ": each member generates its own, so the members disagree"
                  + consequence(key),
              "--set " + key + "=<the same value in every member of the group>" + via(key) + "."));
    }
    // a value kept in an existing Secret is not in the values: lint cannot compare it with
    // another member's (the webhook reads and compares both)
    boolean secretUnseen =
        members.stream().anyMatch(m -> material(m, key).orElse("").startsWith(SECRET));
    if (byFingerprint.size() > 1 && !secretUnseen) {
      return Optional.of(
          violation(
              subject,
              key,
              key
                  + " differs across the HA group serving "
                  + Echo.value(url)
                  + " ("
                  + byFingerprint.size()
                  + " different values among "
                  + members.size()
                  + " members; compared by SHA-256)"
                  + consequence(key),
              "--set " + key + "=<the same value in every member of the group>" + via(key) + "."));
    }
    return Optional.empty();
  }

  private Optional<Violation> version(String url, List<HarborValues> members) {
    List<String> versions =
        members.stream().map(m -> m.chart().version().text()).distinct().sorted().toList();
    if (versions.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(
        violation(
            String.join(", ", members.stream().map(HarborValues::release).toList()),
            "",
            "the HA group serving "
                + Echo.value(url)
                + " runs chart versions "
                + String.join(", ", versions)
                + ": members on one database must run one Harbor version (the database schema is"
                + " migrated by the newest)",
            "upgrade every member of the group to the same chart version."));
  }

  private static String consequence(String key) {
    String internal = INTERNAL.get(key);
    if (internal != null) {
      return ": " + internal;
    }
    if (key.equals("secretKey")) {
      return ": credentials one member stores in the shared database cannot be decrypted by"
          + " another";
    }
    return ": the registry credentials core and jobservice present differ by member";
  }

  private static String via(String key) {
    return switch (key) {
      case "core.secret" -> ", or core.existingSecret where the chart has it";
      case "jobservice.secret" -> ", or jobservice.existingSecret where the chart has it";
      case "registry.secret" -> ", or registry.existingSecret where the chart has it";
      case "secretKey" -> ", or existingSecretSecretKey where the chart has it";
      default -> ", or registry.credentials.existingSecret where the chart has it";
    };
  }

  /**
   * What a member sets for {@code key}: the value, or the name of the existing Secret it reads it
   * from (members naming the same Secret share it); empty where the chart generates it.
   */
  static Optional<String> material(HarborValues values, String key) {
    HarborChart chart = values.chart();
    String existing =
        switch (key) {
          case "core.secret" -> chart.hasExistingSecretVariants() ? "core.existingSecret" : null;
          case "jobservice.secret" ->
              chart.hasExistingSecretVariants() ? "jobservice.existingSecret" : null;
          case "registry.secret" ->
              chart.hasExistingSecretVariants() ? "registry.existingSecret" : null;
          case "secretKey" -> chart.hasExistingSecretSecretKey() ? "existingSecretSecretKey" : null;
          default ->
              chart.hasRegistryCredentialsSecret() ? "registry.credentials.existingSecret" : null;
        };
    if (existing != null && values.isSet(existing)) {
      return Optional.of(SECRET + values.text(existing));
    }
    if (key.equals("registry.credentials.password")) {
      return Optional.of(
          "user:"
              + values.text("registry.credentials.username")
              + "\u0000"
              + values.text("registry.credentials.password"));
    }
    return values.isSet(key) ? Optional.of("value:" + values.text(key)) : Optional.empty();
  }

  private static String sha256(String material) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(material.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
