package io.harborhaguard.bench;

import io.harborhaguard.testing.ShippedDeployment;
import io.harborhaguard.tls.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The guard as the Deployment runs it, for bench/run: prints the environment the Deployment gives
 * the guard's container (one {@code NAME=value} per line; the mounted certificate's directory
 * mapped to {@code TLS_DIR}, whose certificate is made here, as the rotation job makes it before
 * the pods start) and writes the default policy, which the Deployment mounts as
 * config/application.properties, into {@code WORK_DIR/config}.
 *
 * <p>Arguments: {@code DEPLOYMENT_YAML POLICY_PROPERTIES TLS_DIR WORK_DIR}.
 */
public final class ShippedGuard {

  static final String MOUNTED_TLS = "/etc/harbor-ha-guard/tls";

  private ShippedGuard() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && "--java-options".equals(args[0])) {
      System.out.println(ShippedDeployment.javaOptions()); // the Deployment's JAVA_OPTS alone
      return;
    }
    Path tls = Path.of(args[2]).toAbsolutePath();
    SelfSignedCertificate.ensure(tls);
    Path config = Path.of(args[3], "config");
    Files.createDirectories(config);
    Files.copy(
        Path.of(args[1]),
        config.resolve("application.properties"),
        StandardCopyOption.REPLACE_EXISTING);
    environment(Path.of(args[0]), tls).forEach(System.out::println);
  }

  /** The container's literal environment as NAME=value, the mounted certificate's paths mapped. */
  static List<String> environment(Path deployment, Path tls) {
    List<String> lines = new ArrayList<>();
    ShippedDeployment.environment(deployment)
        .forEach(
            (name, value) -> lines.add(name + "=" + value.replace(MOUNTED_TLS, tls.toString())));
    return lines;
  }
}
