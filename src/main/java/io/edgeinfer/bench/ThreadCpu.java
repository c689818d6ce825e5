package io.edgeinfer.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of the process's threads over a run, by role: what the pipeline spends where (inference,
 * the source, the publishing thread, the MQTT client, an embedded broker, the JVM itself). Threads
 * must still be alive at {@link #since}.
 */
final class ThreadCpu {
    /** The roles, in the order they are printed. */
    static final String[] ROLES = {"inference", "source", "publish", "mqtt client", "broker", "jvm and other"};

    private final Map<Long, Long> start;

    private ThreadCpu(Map<Long, Long> start) {
        this.start = start;
    }

    static ThreadCpu now() {
        return new ThreadCpu(sample(null));
    }

    /** Nanoseconds of CPU per role since {@link #now}. */
    Map<String, Long> since() {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> end = sample(names);
        Map<String, Long> out = new LinkedHashMap<>();
        for (String r : ROLES) {
            out.put(r, 0L);
        }
        end.forEach((id, cpu) -> out.merge(role(names.get(id)), cpu - start.getOrDefault(id, 0L), Long::sum));
        return out;
    }

    private static Map<Long, Long> sample(Map<Long, String> names) {
        var mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long c = mx.getThreadCpuTime(t.getThreadId());
            if (c >= 0) {
                cpu.put(t.getThreadId(), c);
                if (names != null) {
                    names.put(t.getThreadId(), t.getThreadName());
                }
            }
        }
        return cpu;
    }

    private static String role(String name) {
        if (name.startsWith("edgeinfer-inference")) {
            return "inference";
        }
        if (name.startsWith("edgeinfer-source") || name.startsWith("edgeinfer-acquisition")) {
            return "source";
        }
        if (name.equals("edgeinfer-publish")) {
            return "publish";
        }
        if (name.startsWith("edgeinfer-mqtt") || name.startsWith("MQTT")) {
            return "mqtt client";
        }
        if (name.startsWith("nioEventLoopGroup") || name.startsWith("Session Executor") || name.startsWith(
                "moquette")) {
            return "broker";
        }
        return "jvm and other";
    }
}
