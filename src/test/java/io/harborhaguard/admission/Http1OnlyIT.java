package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TrustAll;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The webhook port speaks HTTP/1.1 only (quarkus.http.http2=false, docs/decisions.md): a client
 * offering h2 in ALPN gets HTTP/1.1, and its review is answered over it.
 */
@QuarkusTest
class Http1OnlyIT {

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  @Test
  void alpnNeverNegotiatesH2() throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            TrustAll.context()
                .getSocketFactory()
                .createSocket(validate.getHost(), validate.getPort())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      assertThat(socket.getApplicationProtocol()).isNotEqualTo("h2");
    }
  }

  @Test
  void aClientPreferringHttp2IsAnsweredOverHttp11() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(TrustAll.context())
            .version(HttpClient.Version.HTTP_2)
            .build();
    byte[] review =
        Fixtures.read(Fixtures.admission("deployment-create.v1.19.1-core-1-replica.json"));
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(validate.toURI())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.body()).contains("\"uid\"");
  }
}
