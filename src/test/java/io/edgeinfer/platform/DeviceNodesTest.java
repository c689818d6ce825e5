package io.edgeinfer.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceNodesTest {
    @TempDir
    Path dir;

    @Test
    void aMissingBusNodeSaysHowToEnableTheBus() {
        List<CheckFailure> f = new ArrayList<>();
        DeviceNodes.check(List.of(dir.resolve("i2c-1"), dir.resolve("spidev0.0"), dir.resolve("video0")), f);
        assertThat(f).extracting(CheckFailure::problem).containsOnly(Problem.DEVICE_MISSING);
        assertThat(f).extracting(CheckFailure::message).satisfiesExactly(
                m -> assertThat(m).contains("i2c-1 does not exist", "raspi-config nonint do_i2c 0"),
                m -> assertThat(m).contains("spidev0.0 does not exist", "do_spi 0"),
                m -> assertThat(m).contains("video0 does not exist", "rpicam-hello"));
        assertThat(Problem.DEVICE_MISSING.exitCode()).isEqualTo(72);
    }

    @Test
    void anOpenableNodePasses() {
        List<CheckFailure> f = new ArrayList<>();
        DeviceNodes.check(List.of(Path.of("/dev/null")), f);
        assertThat(f).isEmpty();
    }

    @Test
    void aNodeThisUserCannotOpenNamesItsGroup() throws Exception {
        Path node = dir.resolve("i2c-7");
        Files.writeString(node, "");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String owner = Files.getOwner(node).getName();
        String group = Files.readAttributes(node, PosixFileAttributes.class).group().getName();
        List<String> cmd = new ArrayList<>();
        if (owner.equals("root")) {
            // root opens anything, so the check runs as nobody, as the service's own user would.
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed to drop root");
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        } else {
            Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("---------"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Path.of("target/classes").toAbsolutePath() + ":" + Path.of("target/test-classes").toAbsolutePath(),
                DeviceNodesProbe.class.getName(), node.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(out).startsWith("DEVICE_PERMISSION|device node " + node + " is not readable and writable by user ")
                .contains("(owner " + owner + ", group " + group + "): add the user to group " + group);
        assertThat(Problem.DEVICE_PERMISSION.exitCode()).isEqualTo(77);
    }
}
