import "./dom.js";
