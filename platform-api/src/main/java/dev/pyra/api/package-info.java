/**
 * Pyra's stable SPI. Plugins depend on this package alone (plus pf4j and slf4j-api, both provided
 * by the host). It grows only by adding types and default methods.
 */
package dev.pyra.api;
