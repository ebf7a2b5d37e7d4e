import pytest

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-token-for-the-prometheus-server"


def test_metrics_are_off_unless_configured(client, settings):
    settings.LIEN_METRICS_TOKEN = ""
    settings.LIEN_METRICS_ALLOWED_ADDRESSES = []
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


def test_metrics_refused_without_the_token(client, settings):
    settings.LIEN_METRICS_TOKEN = TOKEN
    settings.LIEN_METRICS_ALLOWED_ADDRESSES = []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403


def test_metrics_served_with_the_token(client, settings):
    settings.LIEN_METRICS_TOKEN = TOKEN
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    # Requests by view, database queries, and Lien's own gauges.
    assert (
        'django_http_requests_total_by_view_transport_method_total{method="GET",transport="http",view="healthz"}'
        in text
    )
    assert "django_db_execute_total" in text
    assert 'lien_health_check_up{check="database"} 1.0' in text
    assert "lien_audit_events_waiting_to_be_sealed 0.0" in text


def test_metrics_by_address(client, settings):
    settings.LIEN_METRICS_TOKEN = ""
    settings.LIEN_METRICS_ALLOWED_ADDRESSES = ["10.0.0.0/24"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.0.1.7").status_code == 403


def test_metrics_address_read_behind_the_proxy(client, settings):
    settings.LIEN_METRICS_ALLOWED_ADDRESSES = ["10.0.0.9"]
    settings.LIEN_PROXY_COUNT = 1
    # The proxy's own address is allowed nowhere: the client's, as the proxy saw it, is.
    allowed = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9")
    refused = client.get(
        "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9, 192.0.2.1"
    )
    assert allowed.status_code == 200 and refused.status_code == 403
