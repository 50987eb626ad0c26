-- wrk script: every request adds a family (POST /api/v1/families) as the signed-in
-- coordinator, with the session cookie and CSRF token from the environment.
wrk.method = "POST"
wrk.body = '{"must_not_meet":false}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("HAVEN_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("HAVEN_CSRF")
