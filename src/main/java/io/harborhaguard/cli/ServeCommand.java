package io.harborhaguard.cli;

import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import picocli.CommandLine.Command;

@Dependent
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the admission webhook over HTTPS (the default command).")
public class ServeCommand implements Runnable {

  @Override
  public void run() {
    Quarkus.waitForExit();
  }
}
