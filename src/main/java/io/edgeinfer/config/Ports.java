package io.edgeinfer.config;

/** TCP ports as written in URLs and host names: 1 to 65535 (0 only means "any free one" where a key says so). */
final class Ports {
    private Ports() {
    }

    /** True for the decimal text of a port a client can connect to. */
    static boolean valid(String digits) {
        try {
            int port = Integer.parseInt(digits);
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
