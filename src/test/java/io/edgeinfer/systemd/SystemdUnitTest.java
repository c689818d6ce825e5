package io.edgeinfer.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeinfer.app.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd/edgeinfer.service as systemd reads it: {@code systemd-analyze verify} and
 * {@code security} run against a root that holds the unit where the package installs it, the
 * host's own units (for the targets it orders after) and the commands it runs, so nothing on this
 * machine needs installing and no systemd needs to be running.
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("systemd/edgeinfer.service");
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private static final Path HOST_UNITS = Path.of("/lib/systemd/system");

    @TempDir
    Path root;

    private record Result(int exit, String out) {
    }

    @BeforeEach
    void fakeRoot() throws IOException {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze (package systemd; .ci/run installs it) is not here");
        assumeTrue(Files.isRegularFile(HOST_UNITS.resolve("multi-user.target")),
                "no systemd unit files on this host to "
                        + "resolve the unit's dependencies against");
        Path units = Files.createDirectories(root.resolve("lib/systemd/system"));
        try (Stream<Path> s = Files.list(HOST_UNITS)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, units.resolve(f.getFileName().toString()));
            }
        }
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/kill"), root.resolve("bin/kill"), StandardCopyOption.COPY_ATTRIBUTES);
        Path launcher = Files.createDirectories(root.resolve("usr/bin")).resolve("edgeinfer");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result analyze(String unitText, String... args) throws Exception {
        Files.writeString(root.resolve("lib/systemd/system/edgeinfer.service"), unitText);
        List<String> cmd = new ArrayList<>(List.of(ANALYZE.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--root=" + root, "/lib/systemd/system/edgeinfer.service"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out.trim());
    }

    @Test
    void theUnitPassesSystemdAnalyzeVerifyWithoutAWarning() throws Exception {
        Result r = analyze(Files.readString(UNIT), "verify");
        assertThat(r.out()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void verifyWouldCatchAMistake() throws Exception {
        String broken = Files.readString(UNIT).replace("Type=notify", "Typ=notify").replace("ExecReload=/bin/kill",
                "ExecReload=/bin/nokill");
        Result r = analyze(broken, "verify");
        assertThat(r.out()).contains("Unknown key 'Typ'", "/bin/nokill is not executable");
    }

    @Test
    void exposureScoreStaysAtWhatDocsDeploySays() throws Exception {
        Result r = analyze(Files.readString(UNIT), "security", "--offline=true");
        Matcher m = Pattern.compile("Overall exposure level for edgeinfer.service: (\\d+\\.\\d)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double score = Double.parseDouble(m.group(1));
        assertThat(score).as("exposure (0 best, 10 worst); docs/deploy.md records 1.5").isLessThanOrEqualTo(1.5);
        assertThat(Files.readString(Path.of("docs/deploy.md"))).contains("exposure level " + m.group(1));
    }

    @Test
    void theUnitAsksForWhatTheDaemonProvides() throws IOException {
        List<String> lines = Files.readAllLines(UNIT);
        assertThat(lines).contains("Type=notify", "NotifyAccess=main", "Restart=on-failure", "SuccessExitStatus=143",
                "ExecReload=/bin/kill -HUP $MAINPID", "User=edgeinfer", "DevicePolicy=closed", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "ProtectKernelTunables=yes",
                "ProtectKernelModules=yes", "CacheDirectory=edgeinfer", "ConfigurationDirectory=edgeinfer");
        assertThat(lines).anyMatch(l -> l.matches("RestartPreventExitStatus=78( \\d+)*"));
        // cmd/restart stops with this code and counts on the unit to start the daemon again.
        assertThat(lines).contains("RestartForceExitStatus=" + ExitCodes.RESTART,
                "SuccessExitStatus=" + ExitCodes.RESTART);
        assertThat(lines).anyMatch(l -> l.matches("WatchdogSec=\\d+s"));
        assertThat(lines).anyMatch(l -> l.matches("MemoryMax=\\d+M"));
        assertThat(lines).anyMatch(l -> l.startsWith("StateDirectory=edgeinfer "));
        assertThat(lines).anyMatch(l -> l.startsWith("RestrictAddressFamilies="));
        assertThat(lines).contains("DeviceAllow=char-i2c rw", "DeviceAllow=char-spi rw", "DeviceAllow=char-gpiochip rw",
                "DeviceAllow=char-video4linux rw");
    }
}
