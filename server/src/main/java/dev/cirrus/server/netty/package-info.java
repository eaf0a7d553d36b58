/**
 * What the doors that run on Netty share: their event loops and their TLS, so the HTTP door and
 * the data path build both the same way. Netty appears only here and in those doors.
 */
package dev.cirrus.server.netty;
