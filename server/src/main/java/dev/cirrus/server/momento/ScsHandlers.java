package dev.cirrus.server.momento;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.momento.proto.cache.ECacheResult;
import dev.cirrus.momento.proto.cache._DeleteRequest;
import dev.cirrus.momento.proto.cache._DeleteResponse;
import dev.cirrus.momento.proto.cache._GetBatchRequest;
import dev.cirrus.momento.proto.cache._GetRequest;
import dev.cirrus.momento.proto.cache._GetResponse;
import dev.cirrus.momento.proto.cache._GetWithHashRequest;
import dev.cirrus.momento.proto.cache._GetWithHashResponse;
import dev.cirrus.momento.proto.cache._IncrementRequest;
import dev.cirrus.momento.proto.cache._IncrementResponse;
import dev.cirrus.momento.proto.cache._ItemGetTtlRequest;
import dev.cirrus.momento.proto.cache._ItemGetTtlResponse;
import dev.cirrus.momento.proto.cache._ItemGetTypeRequest;
import dev.cirrus.momento.proto.cache._ItemGetTypeResponse;
import dev.cirrus.momento.proto.cache._KeysExistRequest;
import dev.cirrus.momento.proto.cache._KeysExistResponse;
import dev.cirrus.momento.proto.cache._SetBatchRequest;
import dev.cirrus.momento.proto.cache._SetIfHashRequest;
import dev.cirrus.momento.proto.cache._SetIfHashResponse;
import dev.cirrus.momento.proto.cache._SetIfNotExistsRequest;
import dev.cirrus.momento.proto.cache._SetIfNotExistsResponse;
import dev.cirrus.momento.proto.cache._SetIfRequest;
import dev.cirrus.momento.proto.cache._SetIfResponse;
import dev.cirrus.momento.proto.cache._SetRequest;
import dev.cirrus.momento.proto.cache._SetResponse;
import dev.cirrus.momento.proto.cache._UpdateTtlRequest;
import dev.cirrus.momento.proto.cache._UpdateTtlResponse;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.ReadResult;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * {@code cache_client.Scs}'s scalar methods: Momento's messages to and from {@link ScalarCache}
 * calls. Every call names its cache in the metadata ({@link MomentoCall#cacheId()}); TTLs are
 * the request's milliseconds ({@link MomentoRequests#ttl}).
 */
final class ScsHandlers {
  private static final _GetResponse MISS =
      _GetResponse.newBuilder().setResult(ECacheResult.Miss).build();
  private static final _SetResponse OK =
      _SetResponse.newBuilder().setResult(ECacheResult.Ok).build();

  private final ScalarCache cache;

  ScsHandlers(ScalarCache cache) {
    this.cache = requireNonNull(cache, "cache");
  }

  _GetResponse get(MomentoCall call, _GetRequest request) {
    return response(cache.get(call.cacheId(), request.getCacheKey(), writer(call)));
  }

  _GetWithHashResponse getWithHash(MomentoCall call, _GetWithHashRequest request) {
    ReadResult read = cache.get(call.cacheId(), request.getCacheKey(), writer(call));
    _GetWithHashResponse.Builder response = _GetWithHashResponse.newBuilder();
    if (read.found()) {
      response.setFound(_GetWithHashResponse._Found.newBuilder()
          .setValue(read.value()).setHash(ValueHash.of(read.value())));
    } else {
      response.setMissing(_GetWithHashResponse._Missing.getDefaultInstance());
    }
    return response.build();
  }

  List<_GetResponse> getBatch(MomentoCall call, _GetBatchRequest request) {
    List<ByteString> keys = request.getItemsList().stream().map(_GetRequest::getCacheKey).toList();
    return cache.getAll(call.cacheId(), keys, writer(call)).stream()
        .map(ScsHandlers::response).toList();
  }

  _SetResponse set(MomentoCall call, _SetRequest request) {
    cache.set(call.cacheId(), request.getCacheKey(), request.getCacheBody(),
        MomentoRequests.ttl(request.getTtlMilliseconds()), writer(call));
    return OK;
  }

  List<_SetResponse> setBatch(MomentoCall call, _SetBatchRequest request) {
    CacheId id = call.cacheId();
    var writes = request.getItemsList().stream()
        .map(item -> ScalarCache.write(item.getCacheKey(), item.getCacheBody(),
            MomentoRequests.ttl(item.getTtlMilliseconds())))
        .toList();
    cache.setAll(id, writes, writer(call));
    return writes.stream().map(w -> OK).toList();
  }

  _SetIfResponse setIf(MomentoCall call, _SetIfRequest request) {
    boolean stored = cache.setIf(call.cacheId(), request.getCacheKey(), request.getCacheBody(),
        MomentoRequests.ttl(request.getTtlMilliseconds()), condition(request), writer(call));
    return stored
        ? _SetIfResponse.newBuilder().setStored(_SetIfResponse._Stored.getDefaultInstance()).build()
        : _SetIfResponse.newBuilder()
            .setNotStored(_SetIfResponse._NotStored.getDefaultInstance()).build();
  }

  _SetIfHashResponse setIfHash(MomentoCall call, _SetIfHashRequest request) {
    boolean stored = cache.setIf(call.cacheId(), request.getCacheKey(), request.getCacheBody(),
        MomentoRequests.ttl(request.getTtlMilliseconds()), condition(request), writer(call));
    return stored
        ? _SetIfHashResponse.newBuilder().setStored(_SetIfHashResponse._Stored.newBuilder()
            .setNewHash(ValueHash.of(request.getCacheBody()))).build()
        : _SetIfHashResponse.newBuilder()
            .setNotStored(_SetIfHashResponse._NotStored.getDefaultInstance()).build();
  }

  _SetIfNotExistsResponse setIfNotExists(MomentoCall call, _SetIfNotExistsRequest request) {
    boolean stored = cache.setIf(call.cacheId(), request.getCacheKey(), request.getCacheBody(),
        MomentoRequests.ttl(request.getTtlMilliseconds()), current -> current == null, writer(call));
    return stored
        ? _SetIfNotExistsResponse.newBuilder()
            .setStored(_SetIfNotExistsResponse._Stored.getDefaultInstance()).build()
        : _SetIfNotExistsResponse.newBuilder()
            .setNotStored(_SetIfNotExistsResponse._NotStored.getDefaultInstance()).build();
  }

  _DeleteResponse delete(MomentoCall call, _DeleteRequest request) {
    cache.delete(call.cacheId(), request.getCacheKey(), writer(call));
    return _DeleteResponse.getDefaultInstance();
  }

  _KeysExistResponse keysExist(MomentoCall call, _KeysExistRequest request) {
    _KeysExistResponse.Builder response = _KeysExistResponse.newBuilder();
    cache.getAll(call.cacheId(), request.getCacheKeysList(), writer(call))
        .forEach(read -> response.addExists(read.found()));
    return response.build();
  }

  _IncrementResponse increment(MomentoCall call, _IncrementRequest request) {
    long value = cache.increment(call.cacheId(), request.getCacheKey(), request.getAmount(),
        MomentoRequests.ttl(request.getTtlMilliseconds()), writer(call));
    return _IncrementResponse.newBuilder().setValue(value).build();
  }

  _UpdateTtlResponse updateTtl(MomentoCall call, _UpdateTtlRequest request) {
    long millis;
    LongPredicate applies;
    switch (request.getUpdateTtlCase()) {
      case INCREASE_TO_MILLISECONDS -> {
        millis = request.getIncreaseToMilliseconds();
        applies = left -> millis > left;
      }
      case DECREASE_TO_MILLISECONDS -> {
        millis = request.getDecreaseToMilliseconds();
        applies = left -> millis < left;
      }
      case OVERWRITE_TO_MILLISECONDS -> {
        millis = request.getOverwriteToMilliseconds();
        applies = left -> true;
      }
      default -> throw MomentoRequests.missingChoice("UpdateTtl", "update_ttl",
          "increase_to_milliseconds, decrease_to_milliseconds or overwrite_to_milliseconds");
    }
    var outcome = cache.updateTtl(call.cacheId(), request.getCacheKey(),
        MomentoRequests.ttl(millis).millis(), applies, writer(call));
    _UpdateTtlResponse.Builder response = _UpdateTtlResponse.newBuilder();
    switch (outcome) {
      case SET -> response.setSet(_UpdateTtlResponse._Set.getDefaultInstance());
      case NOT_SET -> response.setNotSet(_UpdateTtlResponse._NotSet.getDefaultInstance());
      case MISSING -> response.setMissing(_UpdateTtlResponse._Missing.getDefaultInstance());
    }
    return response.build();
  }

  _ItemGetTtlResponse itemGetTtl(MomentoCall call, _ItemGetTtlRequest request) {
    ReadResult read = cache.get(call.cacheId(), request.getCacheKey(), writer(call));
    return read.found()
        ? _ItemGetTtlResponse.newBuilder().setFound(_ItemGetTtlResponse._Found.newBuilder()
            .setRemainingTtlMillis(ScalarCache.remaining(read))).build()
        : _ItemGetTtlResponse.newBuilder()
            .setMissing(_ItemGetTtlResponse._Missing.getDefaultInstance()).build();
  }

  _ItemGetTypeResponse itemGetType(MomentoCall call, _ItemGetTypeRequest request) {
    // Every entry Cirrus holds is a scalar: it serves no collection types.
    ReadResult read = cache.get(call.cacheId(), request.getCacheKey(), writer(call));
    return read.found()
        ? _ItemGetTypeResponse.newBuilder().setFound(_ItemGetTypeResponse._Found.newBuilder()
            .setItemType(_ItemGetTypeResponse.ItemType.SCALAR)).build()
        : _ItemGetTypeResponse.newBuilder()
            .setMissing(_ItemGetTypeResponse._Missing.getDefaultInstance()).build();
  }

  private static _GetResponse response(ReadResult read) {
    return read.found()
        ? _GetResponse.newBuilder().setResult(ECacheResult.Hit).setCacheBody(read.value()).build()
        : MISS;
  }

  private static Predicate<ByteString> condition(_SetIfRequest request) {
    return switch (request.getConditionCase()) {
      case PRESENT -> current -> current != null;
      case ABSENT -> current -> current == null;
      case EQUAL -> current -> request.getEqual().getValueToCheck().equals(current);
      case NOT_EQUAL -> current -> !request.getNotEqual().getValueToCheck().equals(current);
      case PRESENT_AND_NOT_EQUAL -> current -> current != null
          && !request.getPresentAndNotEqual().getValueToCheck().equals(current);
      case ABSENT_OR_EQUAL -> current -> current == null
          || request.getAbsentOrEqual().getValueToCheck().equals(current);
      case CONDITION_NOT_SET -> throw MomentoRequests.missingChoice("SetIf", "condition",
          "present, present_and_not_equal, absent, equal, absent_or_equal or not_equal");
    };
  }

  private static Predicate<ByteString> condition(_SetIfHashRequest request) {
    return switch (request.getConditionCase()) {
      case UNCONDITIONAL -> current -> true;
      case PRESENT_AND_HASH_EQUAL -> current ->
          ValueHash.matches(current, request.getPresentAndHashEqual().getHashToCheck());
      case PRESENT_AND_NOT_HASH_EQUAL -> current -> current != null
          && !ValueHash.matches(current, request.getPresentAndNotHashEqual().getHashToCheck());
      case ABSENT_OR_HASH_EQUAL -> current -> current == null
          || ValueHash.matches(current, request.getAbsentOrHashEqual().getHashToCheck());
      case ABSENT_OR_NOT_HASH_EQUAL -> current -> current == null
          || !ValueHash.matches(current, request.getAbsentOrNotHashEqual().getHashToCheck());
      case CONDITION_NOT_SET -> throw MomentoRequests.missingChoice("SetIfHash", "condition",
          "present_and_not_hash_equal, present_and_hash_equal, absent_or_hash_equal,"
              + " absent_or_not_hash_equal or unconditional");
    };
  }

  private static String writer(MomentoCall call) {
    return call.caller().writerId();
  }
}
