package io.harborhaguard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real Redis, HAProxy and DNS (dnsmasq, standing in for CoreDNS) processes on loopback, from
 * Debian's packages (bin/test installs them). A missing binary fails the test: nothing skips.
 */
public final class RealServers implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();
  private final Path dir;

  public RealServers() throws IOException {
    dir = Files.createTempDirectory("real-servers");
  }

  public static String binary(String name) {
    for (String prefix : List.of("/usr/bin/", "/usr/sbin/")) {
      if (Files.isExecutable(Path.of(prefix + name))) {
        return prefix + name;
      }
    }
    throw new AssertionError(
        name + " is not installed (bin/test installs redis-server, haproxy, dnsmasq-base)");
  }

  public int redis(Integer replicaOf) throws Exception {
    int port = Ports.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                binary("redis-server"),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
    if (replicaOf != null) {
      command.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(replicaOf)));
    }
    start(command, "redis-" + port);
    awaitTcp(port);
    return port;
  }

  /** A redis-server on loopback with these extra arguments (e.g. {@code --maxmemory-policy}). */
  public int redisWith(String... args) throws Exception {
    int port = Ports.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                binary("redis-server"),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--dbfilename",
                "dump-" + port + ".rdb",
                "--appenddirname",
                "appendonlydir-" + port,
                "--cluster-config-file",
                "nodes-" + port + ".conf"));
    command.addAll(List.of(args));
    start(command, "redis-" + port);
    awaitTcp(port);
    return port;
  }

  /** A Sentinel (redis-server --sentinel) watching {@code masterPort} as {@code masterSet}. */
  public int sentinel(int masterPort, String masterSet, String requirepass) throws Exception {
    int port = Ports.freePort();
    Path conf = dir.resolve("sentinel-" + port + ".conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "port " + port,
            "bind 127.0.0.1",
            "dir " + dir,
            "sentinel monitor " + masterSet + " 127.0.0.1 " + masterPort + " 1",
            requirepass == null ? "" : "requirepass " + requirepass,
            ""));
    start(List.of(binary("redis-server"), conf.toString(), "--sentinel"), "sentinel-" + port);
    awaitTcp(port);
    return port;
  }

  /** Answers every *.svc.cluster.local with 127.0.0.1, as CoreDNS would with pod IPs. */
  public int dns() throws Exception {
    int port = Ports.freePort();
    start(
        List.of(
            binary("dnsmasq"),
            "--keep-in-foreground",
            "--port=" + port,
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            "--no-resolv",
            "--no-hosts",
            "--user=root",
            "--pid-file=" + dir.resolve("dnsmasq-" + port + ".pid"),
            "--address=/svc.cluster.local/127.0.0.1"),
        "dnsmasq-" + port);
    awaitTcp(port); // dnsmasq answers DNS over TCP on the same port once it serves
    return port;
  }

  public void haproxy(String config, int bindPort) throws Exception {
    Path file = dir.resolve("haproxy-" + bindPort + ".cfg");
    Files.writeString(file, config);
    start(List.of(binary("haproxy"), "-db", "-f", file.toString()), "haproxy-" + bindPort);
    awaitTcp(bindPort);
  }

  /** {@code haproxy -c}: the exit code and output of a configuration check. */
  public static String check(String config) throws Exception {
    Path file = Files.createTempFile("haproxy", ".cfg");
    Files.writeString(file, config);
    Commands.Result check = Commands.run(binary("haproxy"), "-c", "-f", file.toString());
    return check.exit() + " " + check.output();
  }

  private void start(List<String> command, String name) throws IOException {
    processes.add(Commands.start(command, dir.resolve(name + ".log")));
  }

  private static void awaitTcp(int port) {
    Ports.awaitListening(port, Duration.ofSeconds(10));
  }

  /** Sends one inline Redis command and returns the first reply line. */
  public static String redisCommand(int port, String command) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String first = in.readLine();
      if (first != null && first.startsWith("*")) { // array reply: return the elements joined
        int count = Integer.parseInt(first.substring(1));
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < count; i++) {
          in.readLine();
          all.append(in.readLine()).append(' ');
        }
        return all.toString().trim();
      }
      if (first != null && first.startsWith("$")) {
        return in.readLine();
      }
      return first;
    }
  }

  @Override
  public void close() {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
