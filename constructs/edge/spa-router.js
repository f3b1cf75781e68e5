// CloudFront Function (runtime cloudfront-js-2.0), viewer request, default behavior only.
//
// A path whose last segment has no file extension is a route of the React app: serve
// /index.html and let the client-side router read the real path from the address bar.
// Paths with an extension are files and pass through unchanged, so a missing asset stays
// S3's 403 instead of becoming an HTML page with 200. The query string is a separate field
// of the event (request.querystring) and is forwarded untouched.

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CloudFront calls handler by name
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var lastSegment = uri.slice(uri.lastIndexOf("/") + 1);
  if (lastSegment.indexOf(".") === -1) {
    request.uri = "/index.html";
  }
  return request;
}
