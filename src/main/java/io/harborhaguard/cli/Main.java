package io.harborhaguard.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of {@code java -jar quarkus-run.jar}. Only {@code serve} (the default) listens on
 * HTTPS; the offline commands run without a server and keep stdout for their own output.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

  @Inject Instance<CommandLine.IFactory> factory;
  @Inject Instance<ServeCommand> serve;

  /** The JDK's PBKDF2 rounds for a private key put into a PKCS#12 key store (default 10,000). */
  static final String KEY_PBE_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";

  public static void main(String... arguments) {
    Archive.reportUnused();
    String[] args = systemProperties(arguments);
    if (OfflineLint.handles(args)) {
      System.exit(OfflineLint.run(args));
    }
    skipKeyStretchingInMemory();
    if (!servesHttp(args)) {
      System.setProperty("quarkus.http.host-enabled", "false");
      System.setProperty("harbor-ha-guard.tls.generate", "false");
      // Nothing to drain: the graceful-shutdown delay is for the webhook's endpoints only.
      System.setProperty("quarkus.shutdown.delay", "0s");
      System.setProperty("quarkus.log.category.\"io.quarkus\".level", "WARN");
      System.setProperty("quarkus.log.category.\"io.harborhaguard\".level", "WARN");
    }
    Quarkus.run(Main.class, args);
  }

  /**
   * {@code -Dkey=value} arguments before the subcommand become system properties, as they would
   * before {@code -jar}. From the subcommand on every argument is the command's own: {@code lint
   * -Dx=y.yaml} judges a file of that name (file names come from the change being judged, and a
   * file must not set the guard's configuration). {@code serve} takes no file names, so {@code -D}
   * arguments after it are system properties too.
   */
  public static String[] systemProperties(String... arguments) {
    List<String> rest = new ArrayList<>();
    for (String argument : arguments) {
      boolean beforeOrServe = rest.isEmpty() || rest.get(0).equals("serve");
      if (beforeOrServe && argument.startsWith("-D") && argument.length() > 2) {
        int equals = argument.indexOf('=');
        if (equals > 2) {
          System.setProperty(argument.substring(2, equals), argument.substring(equals + 1));
        } else {
          System.setProperty(argument.substring(2), "");
        }
      } else {
        rest.add(argument);
      }
    }
    return rest.toArray(new String[0]);
  }

  /**
   * Vert.x and the Quarkus TLS registry turn PEM files into PKCS#12 key stores that live only in
   * memory, under a random password. Stretching that password protects nothing, yet costs CPU at
   * every start, as the key is wrapped and unwrapped several times (docs/decisions.md). This
   * process writes no key store to disk; an operator's own setting is kept.
   */
  static void skipKeyStretchingInMemory() {
    if (System.getProperty(KEY_PBE_ITERATIONS) == null) {
      System.setProperty(KEY_PBE_ITERATIONS, "1");
    }
  }

  static boolean servesHttp(String... args) {
    return args.length == 0 || "serve".equals(args[0]);
  }

  /**
   * {@code serve} without options has nothing to parse. Going round picocli keeps its classes out
   * of the long-running process: compiled for Java 5, they cannot be kept in the class-data sharing
   * archive, and 170 of them were loaded at every start.
   */
  static boolean servesWithoutOptions(String... args) {
    return args.length <= 1 && servesHttp(args);
  }

  @Override
  public int run(String... args) {
    if (servesWithoutOptions(args)) {
      serve.get().run();
      return 0;
    }
    return new CommandLine(GuardCommand.class, factory.get()).execute(args);
  }
}
