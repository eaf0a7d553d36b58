package dev.cirrus.server.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds requests of a method's type from fuzzer data, field by field from the message's
 * descriptor, so new fields are fuzzed without touching this class. Cache names and keys come
 * mostly from a few known ones, so requests reach the store instead of stopping at "no such
 * cache"; numbers, enums (unknown values included), bytes and repeated fields take any value the
 * data gives.
 */
final class FuzzedRequests {
  private static final int MAX_DEPTH = 4;
  private static final int MAX_REPEATED = 4;

  private final List<String> caches;

  FuzzedRequests(List<String> caches) {
    this.caches = List.copyOf(caches);
  }

  byte[] build(MethodDescriptor<?, ?> method, FuzzedDataProvider data) {
    Descriptor type = ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
        .getMethodDescriptor().getInputType();
    return message(type, data, 0).toByteArray();
  }

  private DynamicMessage message(Descriptor type, FuzzedDataProvider data, int depth) {
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    for (FieldDescriptor field : type.getFields()) {
      if (data.remainingBytes() == 0 || !data.consumeBoolean()) {
        continue;
      }
      if (field.isRepeated()) {
        // Now and then a batch just over the default limit of 1000 items.
        int count = data.consumeInt(0, 20) == 0 ? 1001 : data.consumeInt(0, MAX_REPEATED);
        for (int i = 0; i < count && (count > MAX_REPEATED || data.remainingBytes() > 0); i++) {
          Object value = value(field, data, depth);
          if (value != null) {
            message.addRepeatedField(field, value);
          }
        }
      } else {
        Object value = value(field, data, depth);
        if (value != null) {
          message.setField(field, value);
        }
      }
    }
    return message.build();
  }

  private Object value(FieldDescriptor field, FuzzedDataProvider data, int depth) {
    return switch (field.getJavaType()) {
      case STRING -> string(field, data);
      case BYTE_STRING -> bytes(field, data);
      case BOOLEAN -> data.consumeBoolean();
      case INT -> data.consumeInt();
      case LONG -> number(data);
      case FLOAT -> data.consumeFloat();
      case DOUBLE -> data.consumeDouble();
      case ENUM -> enumValue(field.getEnumType(), data);
      case MESSAGE -> depth >= MAX_DEPTH ? null : message(field.getMessageType(), data, depth + 1);
    };
  }

  private String string(FieldDescriptor field, FuzzedDataProvider data) {
    boolean namesACache = field.getName().equals("cache") || field.getName().equals("name");
    if (namesACache && data.consumeInt(0, 9) < 8) {
      return caches.get(data.consumeInt(0, caches.size() - 1));
    }
    return data.consumeString(data.consumeInt(0, 300));
  }

  private static ByteString bytes(FieldDescriptor field, FuzzedDataProvider data) {
    if (field.getName().equals("key") && data.consumeBoolean()) {
      return ByteString.copyFrom("k" + data.consumeInt(0, 7), StandardCharsets.UTF_8);
    }
    return ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 2048)));
  }

  /** Mostly small TTLs and versions (so they matter), sometimes any long at all. */
  private static long number(FuzzedDataProvider data) {
    return data.consumeBoolean() ? data.consumeLong(-5, 5_000) : data.consumeLong();
  }

  private static Object enumValue(EnumDescriptor type, FuzzedDataProvider data) {
    int number = data.consumeInt(-1, type.getValues().size() + 1);
    return type.findValueByNumberCreatingIfUnknown(number);
  }
}
