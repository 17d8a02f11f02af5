package io.harborhaguard.helm.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ignored keys of a values tree built to make naming them expensive: bounded answers. */
class IgnoredKeysTest {

  private final IgnoredKeys ignored = IgnoredKeys.shipped();
  private final ChartVersion newest = ChartVersion.parse("1.19.1");

  @Test
  void namesAtMostTwentyKeysAndCountsTheRest() {
    ObjectNode user = JsonNodeFactory.instance.objectNode();
    ObjectNode core = user.putObject("core");
    for (int i = 0; i < 2_000; i++) {
      core.put(String.format("%04d", i) + "k".repeat(996), 1);
    }
    List<IgnoredKeys.IgnoredKey> found = ignored.find(user, newest);
    assertThat(found).hasSize(IgnoredKeys.MAX_NAMED + 1);
    assertThat(found.get(IgnoredKeys.MAX_NAMED).instead())
        .startsWith("and " + (2_000 - IgnoredKeys.MAX_NAMED - 1) + " more keys");
    assertThat(found)
        .allSatisfy(
            key ->
                assertThat(key.path().length())
                    .isLessThanOrEqualTo(IgnoredKeys.MAX_ECHOED_PATH + 20));
    assertThat(found.get(0).path()).endsWith("...(1005 characters)");
  }

  @Test
  void aLongNameIsNeverComparedButAShortTypoStillIs() {
    ObjectNode user = JsonNodeFactory.instance.objectNode();
    user.putObject("core").put("replicsa", 2).put("r" + "e".repeat(5_000), 1);
    List<IgnoredKeys.IgnoredKey> found = ignored.find(user, newest);
    assertThat(found).hasSize(2);
    assertThat(found.get(0).instead()).startsWith("did you mean core.replicas?");
    assertThat(found.get(1).instead()).doesNotContain("did you mean");
  }
}
