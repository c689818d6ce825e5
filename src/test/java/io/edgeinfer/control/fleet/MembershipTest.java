package io.edgeinfer.control.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MembershipTest {
    private static final List<String> DEVICES = IntStream.range(0, 10_000).mapToObj(i -> "pi-" + i).toList();

    @Test
    void aStageTakesAboutItsShareOfTheDevices() {
        for (double pct : new double[]{1, 5, 25, 50}) {
            long members = DEVICES.stream().filter(d -> Membership.member("rollout-7", d, pct)).count();
            assertThat(members / 100.0).as("%s %%", pct).isCloseTo(pct, Offset.offset(1.5));
        }
        assertThat(DEVICES.stream().allMatch(d -> Membership.member("rollout-7", d, 100))).isTrue();
    }

    @Test
    void theCanariesOfASmallStageStayMembersAsItGrows() {
        List<String> canaries = DEVICES.stream().filter(d -> Membership.member("rollout-7", d, 5)).toList();
        assertThat(canaries).isNotEmpty().allMatch(d -> Membership.member("rollout-7", d, 25));
    }

    @Test
    void anotherRolloutPicksOtherCanariesAndTheSameRolloutAlwaysTheSame() {
        List<String> a = DEVICES.stream().filter(d -> Membership.member("rollout-7", d, 5)).toList();
        List<String> b = DEVICES.stream().filter(d -> Membership.member("rollout-8", d, 5)).toList();
        assertThat(DEVICES.stream().filter(d -> Membership.member("rollout-7", d, 5)).toList()).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
        assertThat(Membership.place("rollout-7", "pi-1")).isBetween(0.0, 100.0);
    }
}
