package io.edgeinfer.capture;

/** An item the store will not write: larger than its bound, or the card is at its reserve. */
public final class NoRoomException extends Exception {
    public NoRoomException(String message) {
        super(message);
    }
}
