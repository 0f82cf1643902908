package dev.runbook.worker.webhook;

import dev.runbook.activities.config.WebhookHookConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Jetty's side of the endpoint: reads at most the size limit and writes {@link IncidentEndpoint}'s answer. */
final class WebhookHandler extends Handler.Abstract {
  private final IncidentEndpoint endpoint;

  WebhookHandler(IncidentEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    Decision d = decide(request);
    if (!d.bodyRead()) {
      // The body is left unread on the wire: the connection closes after this answer, and says so, so that
      // the sender does not send its next request on a connection that is about to go.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    answer(response, callback, d.answer());
    return true;
  }

  /** An answer, and whether the request's body was read in full before it. */
  private record Decision(Answer answer, boolean bodyRead) {}

  private Decision decide(Request request) throws IOException {
    Optional<WebhookHookConfig> hook = endpoint.hook(Request.getPathInContext(request));
    if (hook.isEmpty()) {
      return new Decision(Answer.error(404, "path: no hook here"), false);
    }
    if (!"POST".equals(request.getMethod())) {
      return new Decision(Answer.error(405, "method: only POST"), false);
    }
    String tooBig = "body: larger than " + endpoint.maxBody() / 1024 + " KiB";
    if (request.getLength() > endpoint.maxBody()) {
      return new Decision(Answer.error(413, tooBig), false);
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      // One byte more than allowed tells a body without Content-Length that is too large.
      body = in.readNBytes((int) endpoint.maxBody() + 1);
    }
    if (body.length > endpoint.maxBody()) {
      return new Decision(Answer.error(413, tooBig), false);
    }
    return new Decision(endpoint.handle(hook.get(), name -> request.getHeaders().get(name), body), true);
  }

  private static void answer(Response response, Callback callback, Answer a) {
    response.setStatus(a.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (a.retryAfterSeconds() > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(a.retryAfterSeconds()));
    }
    Content.Sink.write(response, true, a.json() + "\n", callback);
  }
}
