package io.harborhaguard.helm.release;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Reads gzip (RFC 1952) from an array as {@link GZIPInputStream} does, byte for byte and failure
 * for failure, but zlib works on direct buffers. On arrays, {@code Inflater} holds the JVM's GC
 * locker while zlib runs; with several reviews inflating, a young collection was often deferred,
 * and every large array allocated meanwhile (request bodies, release records) went straight into
 * the old generation: under load it filled, and the whole heap became resident.
 *
 * <p>Inflater and buffers are pooled: a record needs about 50 KB of native memory and a review
 * would otherwise allocate and free it each time.
 */
final class Gunzip extends InputStream {

  private static final int INPUT_BYTES = 16 * 1024;
  private static final int OUTPUT_BYTES = 32 * 1024;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  /** zlib state and its two buffers, reused by one stream at a time. */
  private record Kit(Inflater inflater, ByteBuffer input, ByteBuffer output) {
    static Kit create() {
      return new Kit(
          new Inflater(true),
          ByteBuffer.allocateDirect(INPUT_BYTES),
          ByteBuffer.allocateDirect(OUTPUT_BYTES));
    }
  }

  private static final Queue<Kit> KITS = new ConcurrentLinkedQueue<>();

  private final byte[] gzip;
  private final CRC32 crc = new CRC32();
  private Kit kit;

  /** Next byte of {@link #gzip} not yet handed to zlib or read as header or trailer. */
  private int position;

  private boolean ended;
  private final byte[] single = new byte[1];

  private Gunzip(byte[] gzip) {
    this.gzip = gzip;
  }

  /** The inflated content of {@code gzip}; the header is read here, as GZIPInputStream does. */
  static InputStream open(byte[] gzip) throws IOException {
    Gunzip stream = new Gunzip(gzip);
    Kit kit = KITS.poll();
    stream.kit = kit != null ? kit : Kit.create();
    stream.kit.output().limit(0);
    try {
      stream.header();
    } catch (IOException | RuntimeException e) {
      stream.close();
      throw e;
    }
    return stream;
  }

  @Override
  public int read() throws IOException {
    return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (kit == null) {
      throw new IOException("Stream closed");
    }
    if (length == 0) {
      return 0;
    }
    ByteBuffer output = kit.output();
    while (!output.hasRemaining()) {
      if (ended || !inflate()) {
        return -1;
      }
    }
    int n = Math.min(length, output.remaining());
    output.get(into, offset, n);
    crc.update(into, offset, n);
    return n;
  }

  /** Fills the output buffer once; false at the end of the last member. */
  private boolean inflate() throws IOException {
    Inflater inflater = kit.inflater();
    ByteBuffer output = kit.output();
    output.clear();
    try {
      while (inflater.inflate(output) == 0) {
        if (inflater.finished() || inflater.needsDictionary()) {
          position -= inflater.getRemaining();
          if (trailer()) {
            ended = true;
            output.flip();
            return false;
          }
        } else if (inflater.needsInput()) {
          feed();
        }
      }
    } catch (DataFormatException e) {
      String message = e.getMessage();
      throw new ZipException(message != null ? message : "Invalid ZLIB data format");
    }
    output.flip();
    return true;
  }

  private void feed() throws EOFException {
    if (position == gzip.length) {
      throw new EOFException("Unexpected end of ZLIB input stream");
    }
    ByteBuffer input = kit.input();
    input.clear();
    int n = Math.min(input.capacity(), gzip.length - position);
    input.put(gzip, position, n).flip();
    position += n;
    kit.inflater().setInput(input);
  }

  /**
   * Checks a member's trailer; true when it was the last member. Like GZIPInputStream, bytes after
   * a member that do not start another are ignored.
   */
  private boolean trailer() throws IOException {
    Inflater inflater = kit.inflater();
    long crcValue = unsignedInt();
    long size = unsignedInt();
    if (crcValue != crc.getValue() || size != (inflater.getBytesWritten() & 0xffffffffL)) {
      throw new ZipException("Corrupt GZIP trailer");
    }
    if (gzip.length - position < 10) {
      return true; // no room for another member's header
    }
    int next = position;
    try {
      inflater.reset();
      header();
      return false;
    } catch (IOException notAnotherMember) {
      position = next;
      return true;
    }
  }

  /** Reads a member header and gets zlib ready for the member's data. */
  private void header() throws IOException {
    int start = position;
    if (unsignedShort() != GZIPInputStream.GZIP_MAGIC) {
      throw new ZipException("Not in GZIP format");
    }
    if (unsignedByte() != 8) {
      throw new ZipException("Unsupported compression method");
    }
    int flags = unsignedByte();
    skip(6);
    if ((flags & FEXTRA) != 0) {
      skip(unsignedShort());
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FHCRC) != 0) {
      CRC32 headerCrc = new CRC32();
      headerCrc.update(gzip, start, position - start);
      if (unsignedShort() != (headerCrc.getValue() & 0xffff)) {
        throw new ZipException("Corrupt GZIP header");
      }
    }
    crc.reset();
    kit.inflater().setInput(kit.input().clear().limit(0));
  }

  private void skipZeroTerminated() throws EOFException {
    while (unsignedByte() != 0) {
      // the name or comment itself is of no interest
    }
  }

  private void skip(int bytes) throws EOFException {
    if (gzip.length - position < bytes) {
      position = gzip.length;
      throw new EOFException();
    }
    position += bytes;
  }

  private int unsignedByte() throws EOFException {
    if (position >= gzip.length) {
      throw new EOFException();
    }
    return gzip[position++] & 0xff;
  }

  private int unsignedShort() throws EOFException {
    return unsignedByte() | unsignedByte() << 8;
  }

  private long unsignedInt() throws EOFException {
    return unsignedShort() | (long) unsignedShort() << 16;
  }

  /** Returns zlib and the buffers to the pool; the stream cannot be read after. */
  @Override
  public void close() {
    Kit released = kit;
    kit = null;
    if (released != null) {
      released.inflater().reset();
      released.input().clear();
      KITS.offer(released);
    }
  }
}
