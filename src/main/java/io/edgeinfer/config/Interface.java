package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The bus a chip is wired to. */
public enum Interface {
    I2C("i2c"), SPI("spi");

    private final String key;

    Interface(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }
}
