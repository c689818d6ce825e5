package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.client.CommandSigner;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.outbox.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandAuthTest {
    private static final String TOPIC = "edgeinfer/dev-1/cmd/rollback";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final KeyPair trusted = Ed25519Keys.generate();
    private final KeyPair stranger = Ed25519Keys.generate();

    private ControlConfig signedConfig() {
        ControlConfig off = ControlConfig.off(dir, dir);
        return new ControlConfig(false, List.of(ControlConfig.TrustedKey.of(trusted.getPublic().getEncoded())), dir,
                dir,
                off.maxModelBytes(), off.maxCommandBytes(), 3, 300, 120, false, off.https(), off.validation(), off
                        .rollback());
    }

    private CommandAuth auth(ControlConfig c) {
        NonceStore nonces = new NonceStore(dir.resolve("nonces"));
        nonces.load(clock.millis() - 600_000);
        return new CommandAuth(() -> c, nonces, clock);
    }

    private static ObjectNode body() {
        return Json.mapper().createObjectNode().put("request_id", "r-1");
    }

    private byte[] signed(KeyPair key, String topic) throws Exception {
        return new CommandSigner(key.getPrivate(), clock).sign(topic, body());
    }

    private static JsonNode parse(byte[] b) throws Exception {
        return CanonicalJson.parse(b);
    }

    private static String check(CommandAuth a, String topic, byte[] payload) throws Exception {
        return a.check(topic, payload, parse(payload));
    }

    @Test
    void aCommandSignedByATrustedKeyPasses() throws Exception {
        byte[] cmd = signed(trusted, TOPIC);
        assertThat(check(auth(signedConfig()), TOPIC, cmd)).isEqualTo(Ed25519Keys.keyId(trusted.getPublic()));
    }

    @Test
    void aChangedByteBreaksTheSignature() throws Exception {
        String text = new String(signed(trusted, TOPIC), StandardCharsets.UTF_8).replace("\"r-1\"", "\"r-2\"");
        assertThatThrownBy(() -> check(auth(signedConfig()), TOPIC, text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("bad_signature"));
    }

    @Test
    void aSignatureForAnotherTopicDoesNotCount() throws Exception {
        byte[] cmd = signed(trusted, "edgeinfer/other-device/cmd/rollback");
        assertThatThrownBy(() -> check(auth(signedConfig()), TOPIC, cmd))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("bad_signature"));
    }

    @Test
    void unknownKeysAndUnsignedCommandsAreRefused() throws Exception {
        CommandAuth a = auth(signedConfig());
        byte[] bySomeoneElse = signed(stranger, TOPIC);
        assertThatThrownBy(() -> check(a, TOPIC, bySomeoneElse))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("unknown_key"));
        byte[] unsigned = new CommandSigner(null, clock).sign(TOPIC, body());
        assertThatThrownBy(() -> check(a, TOPIC, unsigned))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("unsigned"));
    }

    @Test
    void staleAndFutureTimestampsAreRefused() throws Exception {
        CommandAuth a = auth(signedConfig());
        byte[] cmd = signed(trusted, TOPIC);
        clock.advance(301_000);
        assertThatThrownBy(() -> check(a, TOPIC, cmd)).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.code()).isEqualTo("stale"));
        byte[] early = signed(trusted, TOPIC);
        clock.advance(-602_000);
        assertThatThrownBy(() -> check(a, TOPIC, early)).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e).hasMessageContaining("in the future"));
    }

    @Test
    void aReplayIsRefusedEvenAfterARestart() throws Exception {
        byte[] cmd = signed(trusted, TOPIC);
        check(auth(signedConfig()), TOPIC, cmd);
        assertThatThrownBy(() -> check(auth(signedConfig()), TOPIC, cmd)).as(
                "a second daemon start reads the nonce file")
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("replayed"));
    }

    @Test
    void withoutKeysOnlyAllowUnsignedLetsCommandsIn() throws Exception {
        ControlConfig off = ControlConfig.off(dir, dir);
        byte[] plain = Json.mapper().writeValueAsBytes(body());
        assertThatThrownBy(() -> check(auth(off), TOPIC, plain)).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.code()).isEqualTo("unauthorized"));
        ControlConfig open = new ControlConfig(true, List.of(), dir, dir, off.maxModelBytes(), off.maxCommandBytes(), 3,
                300,
                120, false, off.https(), off.validation(), off.rollback());
        CommandAuth a = auth(open);
        assertThat(check(a, TOPIC, plain)).isNull();
        byte[] stamped = new CommandSigner(null, clock).sign(TOPIC, body());
        check(a, TOPIC, stamped);
        assertThatThrownBy(() -> check(a, TOPIC, stamped)).as("a stamped unsigned command is still checked for replay")
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.code()).isEqualTo("replayed"));
    }

    @Test
    void aPrivateKeyFileFromOpensslSignsLikeOurs() throws Exception {
        Path pem = dir.resolve("ops.key");
        Process p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "ed25519", "-out", pem.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        var key = Ed25519Keys.readPrivate(pem);
        var pub = Ed25519Keys.publicOf(key);
        Process q = new ProcessBuilder("openssl", "pkey", "-in", pem.toString(), "-pubout", "-outform", "DER")
                .redirectErrorStream(false).start();
        byte[] der = q.getInputStream().readAllBytes();
        assertThat(q.waitFor()).isZero();
        assertThat(pub.getEncoded()).as("the public key we derive is openssl's").isEqualTo(der);
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(Ed25519Keys.verify(pub, msg, Ed25519Keys.sign(key, msg))).isTrue();
    }
}
