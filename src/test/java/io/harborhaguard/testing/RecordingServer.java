package io.harborhaguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening socket on loopback that records every connection and every byte it receives. In
 * {@link Mode#CLEARTEXT_POSTGRES} it answers as a PostgreSQL server that has no TLS ({@code N} to
 * an SSLRequest) and asks for the password in clear text ({@code AuthenticationCleartextPassword})
 * after the startup message, then keeps recording what the client sends.
 */
public final class RecordingServer implements AutoCloseable {

  public enum Mode {
    SILENT,
    CLEARTEXT_POSTGRES
  }

  private final ServerSocket socket;
  private final Mode mode;
  private final AtomicInteger connections = new AtomicInteger();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final Thread acceptor;

  public RecordingServer(Mode mode) throws IOException {
    this.mode = mode;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "recording-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  public int connections() {
    return connections.get();
  }

  /** Everything received on every connection, as ISO-8859-1 text (byte for byte). */
  public synchronized String received() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        connections.incrementAndGet();
        client.setSoTimeout(5000);
        if (mode == Mode.CLEARTEXT_POSTGRES) {
          playPostgres(client);
        }
        record(client.getInputStream());
      } catch (IOException e) {
        // closed by the client or by close(); what arrived is recorded
      }
    }
  }

  private void playPostgres(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(new Recorded(client.getInputStream()));
    OutputStream out = client.getOutputStream();
    while (true) {
      int length = in.readInt();
      int code = in.readInt();
      in.skipNBytes(length - 8);
      if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest
        out.write('N');
        out.flush();
        continue;
      }
      out.write(ByteBuffer.allocate(9).put((byte) 'R').putInt(8).putInt(3).array());
      out.flush();
      return;
    }
  }

  private void record(InputStream in) throws IOException {
    InputStream recorded = new Recorded(in);
    while (recorded.read() >= 0) {
      // drained into the record
    }
  }

  /** An input stream that appends every byte it reads to the record. */
  private final class Recorded extends InputStream {
    private final InputStream in;

    Recorded(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        synchronized (RecordingServer.this) {
          received.write(b);
        }
      }
      return b;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
