package io.harborhaguard.helm.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesMergerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "maps merge key by key | {'a':{'x':1,'y':2}} | {'a':{'y':3}} | {'a':{'x':1,'y':3}}",
        "lists replace | {'l':['file','stdout']} | {'l':['database']} | {'l':['database']}",
        "scalars replace | {'s':'internal'} | {'s':'external'} | {'s':'external'}",
        "null removes a key | {'a':{'x':1,'y':2}} | {'a':{'x':null}} | {'a':{'y':2}}",
        "new keys are added | {'a':1} | {'b':{'c':2}} | {'a':1,'b':{'c':2}}",
        "a map replaces a scalar | {'a':'x'} | {'a':{'b':1}} | {'a':{'b':1}}",
        "a scalar replaces a map | {'a':{'b':1}} | {'a':'x'} | {'a':'x'}",
        "empty user values keep defaults | {'a':{'b':1}} | {} | {'a':{'b':1}}"
      })
  void mergesLikeHelm(String name, String defaults, String user, String expected) throws Exception {
    assertThat(ValuesMerger.merge(json(defaults), json(user))).isEqualTo(json(expected));
  }

  @Test
  void doesNotChangeItsInputs() throws Exception {
    ObjectNode defaults = json("{'a':{'x':1}}");
    ObjectNode user = json("{'a':{'x':2}}");
    ValuesMerger.merge(defaults, user);
    assertThat(defaults).isEqualTo(json("{'a':{'x':1}}"));
    assertThat(user).isEqualTo(json("{'a':{'x':2}}"));
  }

  @Test
  void mergedFixtureKeepsChartDefaultsAndUserValues() {
    HarborValues values = Fixtures.values("v1.19.1", "v-replicas");
    assertThat(values.integer("core.replicas", -1)).isEqualTo(1); // user value
    assertThat(values.integer("portal.replicas", -1)).isEqualTo(3); // user value
    assertThat(values.text("core.xsrfKey")).hasSize(32);
    assertThat(values.text("persistence.imageChartStorage.filesystem.rootdirectory"))
        .isEqualTo("/storage"); // chart default only
  }
}
