from qualitybrand.core import changelog


class RequestIdMiddleware:
    """Gives each request an id that the change log records with every write it makes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = changelog.new_request_id()
        request.request_id = request_id
        token = changelog.current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            changelog.current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
