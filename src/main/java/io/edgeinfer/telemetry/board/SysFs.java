package io.edgeinfer.telemetry.board;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading sysfs attributes: one value per file, absent or unreadable means "cannot tell". */
public final class SysFs {
    private SysFs() {
    }

    /** The file's text without surrounding white space, or null if it cannot be read. */
    public static String text(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** The file's integer value, or null if it is missing, unreadable or not an integer. */
    public static Long number(Path p) {
        String s = text(p);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Entries of {@code dir} whose name matches {@code name} (group 1 a number), in numeric order
     * ({@code hwmon2} before {@code hwmon10}); empty if the folder does not exist.
     */
    public static List<Path> numbered(Path dir, Pattern name) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (name.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(Comparator.comparingLong(p -> index(p, name)));
        return out;
    }

    private static long index(Path p, Pattern name) {
        Matcher m = name.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }
}
