package io.edgeinfer.hardware;

/** Opens a chip's bus device; the seam where tests and benchmarks put a simulated bus. */
@FunctionalInterface
interface BusOpener<T extends Registers> {
    T open() throws DeviceException;
}
