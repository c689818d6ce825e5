package io.edgeinfer.control.reconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of RFC 7396, appendix A. */
class MergePatchTest {
    private static JsonNode j(String s) throws Exception {
        return Json.mapper().readTree(s.replace('\'', '"'));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'a':'b'}               | {'a':'c'}            | {'a':'c'}",
            "{'a':'b'}               | {'b':'c'}            | {'a':'b','b':'c'}",
            "{'a':'b'}               | {'a':null}           | {}",
            "{'a':'b','b':'c'}       | {'a':null}           | {'b':'c'}",
            "{'a':['b']}             | {'a':'c'}            | {'a':'c'}",
            "{'a':'c'}               | {'a':['b']}          | {'a':['b']}",
            "{'a':{'b':'c'}}         | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
            "{'a':[{'b':'c'}]}       | {'a':[1]}            | {'a':[1]}",
            "['a','b']               | ['c','d']            | ['c','d']",
            "{'a':'b'}               | ['c']                | ['c']",
            "{'a':'foo'}             | null                 | null",
            "{'a':'foo'}             | 'bar'                | 'bar'",
            "{'e':null}              | {'a':1}              | {'e':null,'a':1}",
            "[1,2]                   | {'a':'b','c':null}   | {'a':'b'}",
            "{}                      | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
    })
    void rfc7396Examples(String target, String patch, String result) throws Exception {
        JsonNode t = j(target);
        JsonNode before = t.deepCopy();
        assertThat(MergePatch.apply(t, j(patch))).isEqualTo(j(result));
        assertThat(t).as("the target is not changed").isEqualTo(before);
    }
}
