package io.harborhaguard.policy.rules.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.chart.BitnamiChart;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.AppliedFix;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public class SharedStorageRule implements ValuesRule {

  static final String RWX = "ReadWriteMany";
  private static final String PVC = "persistence.persistentVolumeClaim.";

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-STORAGE-SHARED",
          "data written by several replicas lives on shared storage",
          "With filesystem image storage every registry (and chartmuseum) replica must see the"
              + " same volume, and job logs written to file must be readable from every jobservice"
              + " replica: a ReadWriteOnce volume pins all replicas to one node or fails to attach."
              + " Object storage with job logs in the database needs no shared volume; trivy's"
              + " per-replica volumes stay ReadWriteOnce.",
          "jobservice.jobLogger up to 1.5.x, jobservice.jobLoggers from 1.6.0; the job log claim"
              + " is persistence.persistentVolumeClaim.jobservice up to 1.9.x and .jobservice.jobLog from"
              + " 1.10.0; charts 1.10.0-1.10.3 and 1.11.0 also mount"
              + " persistence.persistentVolumeClaim.jobservice.scanDataExports in every jobservice pod",
          Scope.VALUES,
          Mode.ENFORCE,
          "on CREATE of the registry, chartmuseum and jobservice claims, sets accessModes"
              + " [ReadWriteMany] and the first configured shared storage class (only when"
              + " harbor-ha-guard.shared-storage-classes is set; a bound claim cannot change).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  private static final Set<String> SHARED_COMPONENTS =
      Set.of("registry", "chartmuseum", "jobservice");

  /** Without a configured shared class there is no class to set, so there is no safe fix. */
  @Override
  public boolean hasFix(PolicySettings settings) {
    return !settings.sharedStorageClasses().isEmpty();
  }

  @Override
  public List<AppliedFix> fix(HarborObject object, PolicySettings settings, boolean creating) {
    if (!creating
        || !object.isClaim()
        || !SHARED_COMPONENTS.contains(object.component())
        || !hasFix(settings)) {
      return List.of();
    }
    ObjectNode spec = (ObjectNode) object.json().withObjectProperty("spec");
    boolean readWriteMany = false;
    for (JsonNode mode : spec.path("accessModes")) {
      readWriteMany |= RWX.equals(mode.asText());
    }
    String storageClass = spec.path("storageClassName").asText("");
    if (readWriteMany && settings.sharedStorageClasses().contains(storageClass)) {
      return List.of();
    }
    String sharedClass = suggestedClass(settings);
    spec.putArray("accessModes").add(RWX);
    spec.put("storageClassName", sharedClass);
    String key = PVC + object.component();
    return List.of(
        new AppliedFix(
            id(),
            "made PersistentVolumeClaim "
                + object.name()
                + " "
                + RWX
                + " on storage class \""
                + sharedClass
                + "\"",
            "set "
                + sharedClaimFlags(key, sharedClass)
                + " (jobservice from chart 1.10: "
                + PVC
                + "jobservice.jobLog) so the next helm upgrade needs no fix."));
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    HarborChart chart = values.chart();
    List<Violation> violations = new ArrayList<>();
    if ("filesystem".equals(imageStorage(values))) {
      String objectStorage = "or use object storage (--set persistence.imageChartStorage.type=s3)";
      checkClaim(values, settings, PVC + "registry", "registry images", objectStorage)
          .ifPresent(violations::add);
      if (chart.hasChartmuseum() && values.flag("chartmuseum.enabled")) {
        checkClaim(values, settings, PVC + "chartmuseum", "chartmuseum charts", objectStorage)
            .ifPresent(violations::add);
      }
    }
    if (jobLogsToFile(values)) {
      String database =
          chart.hasJobLoggersList()
              ? "or log jobs to the database (--set jobservice.jobLoggers={database})"
              : "or log jobs to the database (--set jobservice.jobLogger=database)";
      checkClaim(values, settings, chart.jobLogPvcKey(), "jobservice file job logs", database)
          .ifPresent(violations::add);
    }
    if (chart.hasScanDataExportsClaim()) {
      checkClaim(
              values,
              settings,
              PVC + "jobservice.scanDataExports",
              "jobservice scan data exports",
              "or give it an existingClaim on shared storage")
          .ifPresent(violations::add);
    }
    return violations;
  }

  private static String imageStorage(HarborValues values) {
    String type = values.text("persistence.imageChartStorage.type");
    return type.isEmpty() ? "filesystem" : type;
  }

  private static boolean jobLogsToFile(HarborValues values) {
    return values.chart().hasJobLoggersList()
        ? values.textList("jobservice.jobLoggers").contains("file")
        : "file".equals(values.text("jobservice.jobLogger"));
  }

  private Optional<Violation> checkClaim(
      HarborValues values, PolicySettings settings, String key, String what, String alternative) {
    if (!values.flag("persistence.enabled")) {
      return Optional.of(
          violation(
              "persistence.enabled",
              "persistence.enabled is false: " + what + " live in a per-pod emptyDir",
              "--set persistence.enabled=true --set " + key + ".accessMode=" + RWX + "."));
    }
    if (values.isSet(key + ".existingClaim")) {
      return Optional.of(
          advisory(
              key + ".existingClaim",
              key + ".existingClaim is set: its access mode cannot be verified from the values",
              "make sure the claim is " + RWX + " on a shared storage class."));
    }
    String accessMode = values.text(key + ".accessMode");
    String storageClass = values.text(key + ".storageClass");
    String quotedClass = Echo.quoted(storageClass);
    String onClass =
        storageClass.isEmpty()
            ? "the cluster's default storage class"
            : "storage class " + quotedClass;
    if (!RWX.equals(accessMode)) {
      return Optional.of(
          violation(
              key + ".accessMode",
              key
                  + ".accessMode is "
                  + Echo.quoted(accessMode)
                  + " on "
                  + onClass
                  + ": "
                  + what
                  + " cannot be shared by replicas on different nodes",
              sharedClaimFlags(key, suggestedClass(settings)) + ", " + alternative + "."));
    }
    if (!settings.sharedStorageClasses().isEmpty()
        && !settings.sharedStorageClasses().contains(storageClass)) {
      return Optional.of(
          violation(
              key + ".storageClass",
              key
                  + ".storageClass is "
                  + (storageClass.isEmpty() ? "empty (the cluster's default class)" : quotedClass)
                  + ", not one of the shared storage classes "
                  + settings.sharedStorageClasses().stream().sorted().toList(),
              "--set " + key + ".storageClass=" + suggestedClass(settings) + "."));
    }
    return Optional.empty();
  }

  private static String sharedClaimFlags(String key, String storageClass) {
    return "--set "
        + key
        + ".accessMode="
        + RWX
        + " --set "
        + key
        + ".storageClass="
        + storageClass;
  }

  private static String suggestedClass(PolicySettings settings) {
    return settings.sharedStorageClasses().stream()
        .sorted()
        .findFirst()
        .orElse("<a ReadWriteMany class such as cephfs or nfs>");
  }

  /**
   * Bitnami's claims by the keys its version has: {@code accessMode} (one mode) up to 11.x, {@code
   * accessModes} (a list) from 12.0.0; the registry's (and chartmuseum's) with filesystem storage,
   * jobservice's with {@code jobservice.jobLogger: file}.
   */
  @Override
  public List<Violation> checkBitnami(HarborValues values, PolicySettings settings) {
    BitnamiChart chart = values.chart().bitnami();
    if (!chart.has("persistence.enabled")) {
      return List.of(notJudged(values, "its defaults have no persistence.enabled"));
    }
    List<Violation> violations = new ArrayList<>();
    if ("filesystem".equals(imageStorage(values))) {
      String objectStorage = "or use object storage (--set persistence.imageChartStorage.type=s3)";
      bitnamiClaim(values, settings, "registry", "registry images", objectStorage)
          .ifPresent(violations::add);
      if (chart.has("chartmuseum.enabled") && values.flag("chartmuseum.enabled")) {
        bitnamiClaim(values, settings, "chartmuseum", "chartmuseum charts", objectStorage)
            .ifPresent(violations::add);
      }
    }
    if ("file".equals(values.text("jobservice.jobLogger"))) {
      bitnamiClaim(
              values,
              settings,
              "jobservice",
              "jobservice file job logs",
              "or log jobs to the database (--set jobservice.jobLogger=database)")
          .ifPresent(violations::add);
    }
    return violations;
  }

  private Optional<Violation> bitnamiClaim(
      HarborValues values,
      PolicySettings settings,
      String component,
      String what,
      String alternative) {
    String claim = PVC + component;
    Optional<String> modesKey = values.chart().bitnami().accessModesKey(component);
    if (modesKey.isEmpty()) {
      return Optional.of(notJudged(values, "it has no access mode key for " + claim));
    }
    String key = modesKey.get();
    String shared = key.endsWith("accessModes") ? key + "={" + RWX + "}" : key + "=" + RWX;
    if (!values.flag("persistence.enabled")) {
      return Optional.of(
          violation(
              "persistence.enabled",
              "persistence.enabled is false: " + what + " live in a per-pod emptyDir",
              "--set persistence.enabled=true --set " + shared + "."));
    }
    if (values.isSet(claim + ".existingClaim")) {
      return Optional.of(
          advisory(
              claim + ".existingClaim",
              claim + ".existingClaim is set: its access mode cannot be verified from the values",
              "make sure the claim is " + RWX + " on a shared storage class."));
    }
    List<String> modes = values.textList(key);
    String storageClass = values.text(claim + ".storageClass");
    String quotedClass = Echo.quoted(storageClass);
    if (!modes.contains(RWX)) {
      return Optional.of(
          violation(
              key,
              key
                  + " is "
                  + Echo.quoted(String.join(",", modes))
                  + " on "
                  + (storageClass.isEmpty()
                      ? "the cluster's default storage class"
                      : "storage class " + quotedClass)
                  + ": "
                  + what
                  + " cannot be shared by replicas on different nodes",
              "--set "
                  + shared
                  + " --set "
                  + claim
                  + ".storageClass="
                  + suggestedClass(settings)
                  + ", "
                  + alternative
                  + "."));
    }
    if (!settings.sharedStorageClasses().isEmpty()
        && !settings.sharedStorageClasses().contains(storageClass)) {
      return Optional.of(
          violation(
              claim + ".storageClass",
              claim
                  + ".storageClass is "
                  + (storageClass.isEmpty() ? "empty (the cluster's default class)" : quotedClass)
                  + ", not one of the shared storage classes "
                  + settings.sharedStorageClasses().stream().sorted().toList(),
              "--set " + claim + ".storageClass=" + suggestedClass(settings) + "."));
    }
    return Optional.empty();
  }
}
