package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetConfigReaderTest {
    @TempDir
    Path dir;

    private DaemonConfig parse(String fleet) throws ConfigException {
        return ConfigFolder.parse(dir, ConfigFolder.MINIMAL + fleet);
    }

    @Test
    void withoutASectionTheDeviceFollowsOnlyItsOwnGroup() throws Exception {
        FleetConfig f = parse("").fleet();
        assertThat(f).isEqualTo(FleetConfig.defaults());
        assertThat(f.allGroups("dev-1")).containsExactly("dev-1");
    }

    @Test
    void groupsComeAfterTheDevicesOwn() throws Exception {
        FleetConfig f = parse("fleet: {groups: [line-a, dev-1, pumps], shadow_queue: 4}").fleet();
        assertThat(f.allGroups("dev-1")).containsExactly("dev-1", "line-a", "pumps");
        assertThat(f.shadowQueue()).isEqualTo(4);
    }

    @Test
    void everyBadKeyIsNamed() {
        List<String> errors = ConfigFolder.errors(dir, ConfigFolder.MINIMAL
                + "fleet: {groups: [line/a, pumps, pumps], shadow_queue: 0, colour: red}");
        assertThat(String.join("\n", errors)).contains("fleet.groups", "'line/a' is not a group name",
                "names 'pumps' twice",
                "fleet.shadow_queue", "fleet.colour");
    }
}
