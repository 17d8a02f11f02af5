package io.harborhaguard.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings (ITU-T X.690) that an X.509 v3 certificate needs. Kept in the project
 * rather than taken from BouncyCastle: with BouncyCastle on the class path, Netty creates its JCE
 * provider on the first TLS connection, which costs about a second of every start.
 */
final class Der {

  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private Der() {}

  static byte[] sequence(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  static byte[] integer(BigInteger value) {
    return tlv(0x02, value.toByteArray());
  }

  static byte[] bool(boolean value) {
    return tlv(0x01, new byte[] {(byte) (value ? 0xff : 0x00)});
  }

  static byte[] nul() {
    return new byte[] {0x05, 0x00};
  }

  static byte[] octets(byte[] value) {
    return tlv(0x04, value);
  }

  /** A BIT STRING of whole bytes (signatures). */
  static byte[] bits(byte[] value) {
    return tlv(0x03, concat(new byte[] {0}, value));
  }

  /** A BIT STRING of named bits (RFC 5280 KeyUsage): bit 0 is the most significant. */
  static byte[] namedBits(int... setBits) {
    int highest = 0;
    for (int bit : setBits) {
      highest = Math.max(highest, bit);
    }
    byte[] value = new byte[highest / 8 + 1];
    for (int bit : setBits) {
      value[bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    int unused = value.length * 8 - (highest + 1);
    return tlv(0x03, concat(new byte[] {(byte) unused}, value));
  }

  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      base128(out, Long.parseLong(arcs[i]));
    }
    return tlv(0x06, out.toByteArray());
  }

  /** UTCTime through 2049, GeneralizedTime from 2050 on (RFC 5280, 4.1.2.5). */
  static byte[] time(Instant instant) {
    int year = instant.atZone(ZoneOffset.UTC).getYear();
    return year < 2050
        ? tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII))
        : tlv(0x18, GENERALIZED_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code [tag] EXPLICIT}: a constructed context-specific wrapper. */
  static byte[] explicit(int tag, byte[] content) {
    return tlv(0xa0 | tag, content);
  }

  /** {@code [tag] IMPLICIT} of a primitive value, e.g. a GeneralName's dNSName or iPAddress. */
  static byte[] implicit(int tag, byte[] value) {
    return tlv(0x80 | tag, value);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | octets);
      for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
        out.write(length >>> shift);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static void base128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int i = groups - 1; i >= 0; i--) {
      int group = (int) ((value >>> (7 * i)) & 0x7f);
      out.write(i > 0 ? group | 0x80 : group);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
