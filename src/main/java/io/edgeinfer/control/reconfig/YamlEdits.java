package io.edgeinfer.control.reconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Changes a YAML config file's text to a new tree by rewriting only the values that differ, so every
 * other line (the operator's comments, blank lines, order, quoting, flow or block style) stays as it
 * was. SnakeYAML's composer tells where each key and value is in the text; a changed value is
 * replaced in place (in flow style on its line, or as a block below its key when it was one), a
 * block list that keeps its length is edited item by item (so one pipeline's model changes on its
 * own lines in a file that lists pipelines), a removed key loses its lines, an added one is appended
 * to its mapping. What this cannot do safely
 * (a document that is not a block mapping, aliases, overlapping edits) gives null, and the caller
 * checks every result by reading it back.
 */
final class YamlEdits {
    private static final ObjectMapper READER = new ObjectMapper(new YAMLFactory());

    private YamlEdits() {
    }

    /** Replace {@code [start, end)} with {@code text}; {@code depth} orders insertions at one place, outer first. */
    private record Edit(int start, int end, String text, int depth) {
    }

    /** {@code text} changed to read as {@code to}, or null when it cannot be edited in place. */
    static String apply(String text, JsonNode to) {
        try {
            Node root = new Yaml().compose(new StringReader(text));
            JsonNode from = READER.readTree(text);
            if (!(root instanceof MappingNode m) || m.getFlowStyle() != DumperOptions.FlowStyle.BLOCK || from == null
                    || !from.isObject() || !to.isObject()) {
                return null;
            }
            List<Edit> edits = new ArrayList<>();
            mapping(text, m, from, to, edits, 0);
            // From the end backwards, so earlier positions stay valid; at one position the outer
            // mapping's new keys go in first and so end up after the inner mapping's.
            edits.sort(Comparator.comparingInt(Edit::start).reversed().thenComparingInt(Edit::depth));
            StringBuilder b = new StringBuilder(text);
            int floor = Integer.MAX_VALUE;
            for (Edit e : edits) {
                if (e.end() > floor) {
                    return null;
                }
                b.replace(e.start(), e.end(), e.text());
                floor = e.start();
            }
            return b.toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void mapping(String text, MappingNode m, JsonNode from, JsonNode to, List<Edit> edits, int depth) {
        Map<String, NodeTuple> tuples = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new IllegalStateException("not a plain key");
            }
            tuples.put(k.getValue(), t);
        }
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : to.properties()) {
            JsonNode old = from.get(e.getKey());
            NodeTuple t = tuples.get(e.getKey());
            if (old == null || t == null) {
                added.add(e.getKey());
            } else if (!old.equals(e.getValue())) {
                value(text, t, old, e.getValue(), edits, depth + 1);
            }
        }
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            if (!to.has(e.getKey())) {
                NodeTuple t = tuples.get(e.getKey());
                edits.add(new Edit(lineStart(text, t.getKeyNode().getStartMark().getIndex()),
                        afterLine(text, end(t.getValueNode())), "", depth));
            }
        }
        if (!added.isEmpty()) {
            edits.add(insertion(text, m, to, added, depth));
        }
    }

    /**
     * A changed value: a block mapping is edited member by member, a block list of as many items item
     * by item (a file's {@code pipelines}); anything else is written anew in its place.
     */
    private static void value(String text, NodeTuple t, JsonNode old, JsonNode now, List<Edit> edits, int depth) {
        Node v = t.getValueNode();
        boolean block = v instanceof CollectionNode<?> c && c.getFlowStyle() == DumperOptions.FlowStyle.BLOCK;
        if (block && v instanceof MappingNode vm && old.isObject() && now.isObject() && !now.isEmpty()) {
            mapping(text, vm, old, now, edits, depth);
        } else if (block && v instanceof SequenceNode vs && old.isArray() && now.isArray() && old.size() == now.size()
                && vs.getValue().size() == now.size()) {
            sequence(text, vs, old, now, edits, depth);
        } else if (block) {
            int colon = text.indexOf(':', t.getKeyNode().getEndMark().getIndex());
            edits.add(new Edit(colon + 1, end(v), blockValue(now, v.getStartMark().getColumn()), depth));
        } else {
            int start = v.getStartMark().getIndex();
            String space = start > 0 && text.charAt(start - 1) == ':' ? " " : "";
            edits.add(new Edit(start, end(v), space + FlowYaml.flow(now), depth));
        }
    }

    /** The items of a block list that changed: a block mapping member by member, anything else anew on its place. */
    private static void sequence(String text, SequenceNode s, JsonNode old, JsonNode now, List<Edit> edits, int depth) {
        for (int i = 0; i < now.size(); i++) {
            Node item = s.getValue().get(i);
            JsonNode a = old.get(i);
            JsonNode b = now.get(i);
            if (a.equals(b)) {
                continue;
            }
            if (item instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.BLOCK && a.isObject()
                    && b.isObject() && !b.isEmpty()) {
                mapping(text, m, a, b, edits, depth + 1);
            } else {
                edits.add(new Edit(item.getStartMark().getIndex(), end(item), FlowYaml.flow(b), depth + 1));
            }
        }
    }

    /** New members at the end of a block mapping, at the indent of its first key. */
    private static Edit insertion(String text, MappingNode m, JsonNode to, List<String> keys, int depth) {
        List<NodeTuple> tuples = m.getValue();
        int at = lineEnd(text, end(tuples.get(tuples.size() - 1).getValueNode()));
        int indent = tuples.get(0).getKeyNode().getStartMark().getColumn();
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            b.append('\n').append(" ".repeat(indent)).append(FlowYaml.string(k)).append(':')
                    .append(FlowYaml.afterKey(to.get(k), indent + 2));
        }
        return new Edit(at, at, b.toString(), depth);
    }

    /** What follows {@code key:} for a value that was a block: a block again when it is a non-empty collection. */
    private static String blockValue(JsonNode now, int indent) {
        if (now.isArray() && !now.isEmpty()) {
            StringBuilder b = new StringBuilder();
            now.forEach(item -> b.append('\n').append(" ".repeat(indent)).append("- ").append(FlowYaml.flow(item)));
            return b.toString();
        }
        return FlowYaml.afterKey(now, indent);
    }

    /** Where a value's own text ends: a block collection ends with its last member, not at the next key. */
    private static int end(Node n) {
        if (n instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.BLOCK && !m.getValue()
                .isEmpty()) {
            return end(m.getValue().get(m.getValue().size() - 1).getValueNode());
        }
        if (n instanceof SequenceNode s && s.getFlowStyle() == DumperOptions.FlowStyle.BLOCK && !s.getValue()
                .isEmpty()) {
            return end(s.getValue().get(s.getValue().size() - 1));
        }
        return n.getEndMark().getIndex();
    }

    private static int lineStart(String text, int i) {
        return text.lastIndexOf('\n', i - 1) + 1;
    }

    private static int lineEnd(String text, int i) {
        int nl = text.indexOf('\n', i);
        return nl < 0 ? text.length() : nl;
    }

    /** Past the end of the line holding {@code i}, its line break included. */
    private static int afterLine(String text, int i) {
        int nl = text.indexOf('\n', i);
        return nl < 0 ? text.length() : nl + 1;
    }
}
