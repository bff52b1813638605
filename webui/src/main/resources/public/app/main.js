// Pyra's web app: ES modules served by Pyra itself, Lit from WebJars, nothing from outside the machine.
import './shell.js';
