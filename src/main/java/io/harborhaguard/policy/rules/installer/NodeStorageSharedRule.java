package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/** Images and job logs every node writes are readable from every node. */
public final class NodeStorageSharedRule implements InstallerNodeRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-NODE-STORAGE-SHARED",
          "an installer node keeps images and job logs where every node reads them",
          "With filesystem storage each node writes images to its own data_volume unless that"
              + " volume is one shared mount (CephFS, NFS); job logs written to FILE are lost with the"
              + " node that ran the job unless they go to the database or shared storage.",
          "harbor.cfg: registry_storage_provider_name; harbor.yml: storage_service (s3, gcs,"
              + " azure, swift, oss) and jobservice.job_loggers (DB) from Harbor 2.x",
          Scope.INSTALLER_NODE,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(InstallerNode node) {
    List<Violation> violations = new ArrayList<>();
    boolean yml = node.config().file().endsWith(".yml");
    if ("filesystem".equals(node.config().storageType())) {
      violations.add(
          new Violation(
              id(),
              node.name(),
              yml ? "storage_service" : "registry_storage_provider_name",
              "node "
                  + node.name()
                  + " stores images on the filesystem of data_volume "
                  + Echo.value(node.config().dataVolume())
                  + ", which the guard cannot see to be shared",
              "mount data_volume from one shared file system on every node, or use object"
                  + " storage (storage_service s3, gcs, azure, swift or oss).",
              true));
    }
    List<String> loggers = node.config().jobLoggers();
    if (!loggers.contains("db") && !loggers.contains("database")) {
      violations.add(
          new Violation(
              id(),
              node.name(),
              "jobservice.job_loggers",
              "node " + node.name() + " writes job logs to files in its data volume",
              yml
                  ? "add DB to jobservice.job_loggers (where the release has it), or keep data_volume on"
                      + " shared storage."
                  : "keep data_volume on shared storage on every node.",
              true));
    }
    return violations;
  }
}
