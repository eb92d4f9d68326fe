#!/usr/bin/env node
import '../dist/tiersim.js';
