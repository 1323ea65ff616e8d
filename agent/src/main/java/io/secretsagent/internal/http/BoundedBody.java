package io.secretsagent.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a bound: a body that grows past it fails its request with
 * {@link TooLargeException} and the connection is dropped, so an endless or huge answer costs at
 * most the bound, never the application's heap. {@link #abort()} drops the connection of a body
 * still arriving when the exchange's deadline passes.
 */
final class BoundedBody implements HttpResponse.BodyHandler<byte[]> {

  /** The body grew past the bound. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(int limit) {
      super("the response body is larger than " + limit + " bytes");
    }
  }

  private final int limit;
  private volatile Subscriber subscriber;

  BoundedBody(int limit) {
    this.limit = limit;
  }

  @Override
  public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
    Subscriber s = new Subscriber();
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > limit) {
      s.result.completeExceptionally(new TooLargeException(limit));
    }
    subscriber = s;
    return s;
  }

  /** Stops reading: the connection is closed and the request fails. */
  void abort() {
    Subscriber s = subscriber;
    if (s != null) {
      s.cancel();
    }
  }

  private final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        if (bytes.size() + (long) buffer.remaining() > limit) {
          result.completeExceptionally(new TooLargeException(limit));
          cancel();
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(new IOException("the response was abandoned"));
    }
  }
}
