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
    answer(response, callback, decide(request));
    return true;
  }

  private Answer decide(Request request) throws IOException {
    Optional<WebhookHookConfig> hook = endpoint.hook(Request.getPathInContext(request));
    if (hook.isEmpty()) {
      return Answer.error(404, "path: no hook here");
    }
    if (!"POST".equals(request.getMethod())) {
      return Answer.error(405, "method: only POST");
    }
    Optional<Answer> limited = endpoint.admit();
    if (limited.isPresent()) {
      return limited.get();
    }
    String tooBig = "body: larger than " + endpoint.maxBody() / 1024 + " KiB";
    if (request.getLength() > endpoint.maxBody()) {
      return Answer.error(413, tooBig);
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      // One byte more than allowed tells a body without Content-Length that is too large.
      body = in.readNBytes((int) endpoint.maxBody() + 1);
    }
    if (body.length > endpoint.maxBody()) {
      return Answer.error(413, tooBig);
    }
    return endpoint.handle(hook.get(), name -> request.getHeaders().get(name), body);
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
