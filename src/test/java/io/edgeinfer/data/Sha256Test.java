package io.edgeinfer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FIPS 180-2 test vectors. */
class Sha256Test {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String MILLION_A = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

    @Test
    void bytesGiveTheStandardVectors() {
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
        assertThat(Sha256.hex(new byte[0])).isEqualTo(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(
                StandardCharsets.US_ASCII)))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        assertThat(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))).hasSize(32)
                .isEqualTo(HexFormat.of().parseHex(ABC));
    }

    @Test
    void aFileIsHashedWholeAcrossManyReadBlocks(@TempDir Path dir) throws Exception {
        byte[] million = new byte[1_000_000];
        Arrays.fill(million, (byte) 'a');
        assertThat(Sha256.hex(Files.write(dir.resolve("a.bin"), million))).isEqualTo(MILLION_A);
        assertThat(Sha256.hex(Files.writeString(dir.resolve("abc"), "abc"))).isEqualTo(ABC);
    }

    @Test
    void aRunningDigestFinishesToTheSameHex() {
        MessageDigest d = Sha256.newDigest();
        d.update("ab".getBytes(StandardCharsets.US_ASCII));
        d.update("c".getBytes(StandardCharsets.US_ASCII));
        assertThat(Sha256.hex(d)).isEqualTo(ABC);
    }
}
