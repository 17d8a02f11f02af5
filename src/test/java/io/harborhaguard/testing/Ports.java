package io.harborhaguard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports for the servers the tests start. */
public final class Ports {

  private Ports() {}

  /** A port nothing listens on now (the kernel's pick; another process may take it later). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits until something accepts connections on 127.0.0.1:{@code port}, for up to {@code atMost}.
   */
  public static void awaitListening(int port, Duration atMost) {
    await("something listening on 127.0.0.1:" + port)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> accepts(port));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }
}
