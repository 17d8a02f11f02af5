package io.harborhaguard.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Encodings checked against X.690's rules and the bytes other encoders produce for them. */
class DerTest {

  private static String hex(byte[] der) {
    return HexFormat.of().formatHex(der);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1.2.840.113549.1.1.11, 06092a864886f70d01010b",
    "2.5.29.17, 0603551d11",
    "1.3.6.1.5.5.7.3.1, 06082b06010505070301",
    "2.999.3, 0603883703"
  })
  void objectIdentifiers(String oid, String expected) {
    assertThat(hex(Der.oid(oid))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "bits {0}")
  @CsvSource({"'5,6', 03020106", "'0,2', 030205a0", "'0', 03020780", "'8', 0303070080"})
  void namedBitsDropTrailingZeroBits(String bits, String expected) {
    int[] set = Arrays.stream(bits.split(",")).mapToInt(Integer::parseInt).toArray();
    assertThat(hex(Der.namedBits(set))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} content bytes")
  @CsvSource({
    "0, 0400",
    "127, 047f",
    "128, 048180",
    "255, 0481ff",
    "256, 04820100",
    "65536, 0483010000"
  })
  void lengthsUseTheShortestForm(int length, String expectedHeader) {
    assertThat(hex(Der.octets(new byte[length])))
        .startsWith(expectedHeader)
        .hasSize(expectedHeader.length() + 2 * length);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2049-12-31T23:59:59Z, 170d3439313233313233353935395a",
    "2050-01-01T00:00:00Z, 180f32303530303130313030303030305a"
  })
  void timesSwitchToGeneralizedTimeIn2050(String instant, String expected) {
    assertThat(hex(Der.time(Instant.parse(instant)))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0, 020100", "127, 02017f", "128, 02020080", "-1, 0201ff"})
  void integersAreMinimalTwosComplement(long value, String expected) {
    assertThat(hex(Der.integer(BigInteger.valueOf(value)))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"true, 0101ff", "false, 010100"})
  void booleans(boolean value, String expected) {
    assertThat(hex(Der.bool(value))).isEqualTo(expected);
  }
}
