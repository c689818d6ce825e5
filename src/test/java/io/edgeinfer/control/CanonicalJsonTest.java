package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private static String canon(String json, String... excluded) throws IOException {
        return CanonicalJson.canonical(json.getBytes(StandardCharsets.UTF_8), List.of(excluded));
    }

    @Test
    void membersAreSortedAndWhitespaceGoes() throws Exception {
        assertThat(canon("{ \"b\" : [ 1 , 2 ], \"a\": {\"z\": true, \"y\": null} }"))
                .isEqualTo("{\"a\":{\"y\":null,\"z\":true},\"b\":[1,2]}");
    }

    @Test
    void numbersStayExactlyAsWritten() throws Exception {
        // A sender in another language prints floats its own way; the signature covers its text.
        assertThat(canon("{\"x\": [1.0E-5, 1e-05, 0.10, -0, 12345678901234567890]}"))
                .isEqualTo("{\"x\":[1.0E-5,1e-05,0.10,-0,12345678901234567890]}");
    }

    @Test
    void stringsAreEscapedAsRfc8785Does() throws Exception {
        assertThat(canon("{\"s\": \"a\\\"b\\\\c\\n\\u0001\\u00e9\\/\"}")).isEqualTo(
                "{\"s\":\"a\\\"b\\\\c\\n\\u0001é/\"}");
    }

    @Test
    void theExcludedMemberIsLeftOutOnlyAtItsPath() throws Exception {
        assertThat(canon("{\"auth\": {\"sig\": \"xx\", \"nonce\": \"n\"}, \"sig\": 1, \"o\": {\"auth\": {\"sig\": 2}}}",
                "auth", "sig"))
                .isEqualTo("{\"auth\":{\"nonce\":\"n\"},\"o\":{\"auth\":{\"sig\":2}},\"sig\":1}");
    }

    @Test
    void duplicateKeysAndDeepNestingAreRefused() {
        assertThatThrownBy(() -> canon("{\"a\": 1, \"a\": 2}")).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Duplicate field");
        String deep = "[".repeat(CanonicalJson.MAX_DEPTH + 1) + "]".repeat(CanonicalJson.MAX_DEPTH + 1);
        assertThatThrownBy(() -> CanonicalJson.parse(deep.getBytes(StandardCharsets.UTF_8))).hasMessageContaining(
                "depth");
        assertThatThrownBy(() -> canon("{} {}")).hasMessageContaining("trailing");
    }

    @Test
    void pythonsSortedCompactJsonIsAlreadyCanonical() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs /usr/bin/python3 to print the sender's side");
        String script = "import json,sys\n"
                + "cmd={'request_id':'r-\u00e9\\n\\u0001','z':[1e-05,0.1,2.5e+20,-0.0,3],"
                + "'auth':{'ts_ms':1795913008117,'nonce':'abc_DEF-123'},'a':{'y':None,'x':True}}\n"
                + "sys.stdout.buffer.write(json.dumps(cmd,separators=(',',':'),ensure_ascii=False,sort_keys=True).encode())";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).start();
        byte[] printed = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(new String(printed, StandardCharsets.UTF_8)).contains("1e-05").contains("2.5e+20");
        assertThat(CanonicalJson.canonical(printed, List.of("auth", "sig"))).isEqualTo(new String(printed,
                StandardCharsets.UTF_8));
    }
}
